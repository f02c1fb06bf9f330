import type { AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';
import type { AuditStore } from '../parts/audit-store.js';
import { toAuditCheckpoint, toAuditEntry, type AuditCheckpointRow, type AuditEntryRow } from '../rows.js';
import { insertAuditEntry } from './audit-rows.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * The audit chain in PostgreSQL: tables `audit_entries` (UPDATE and DELETE
 * refused by a trigger) and `audit_checkpoints`. Appends take the chain's
 * advisory lock (`audit-rows.ts`), so every process appends to one chain.
 */
export class PostgresAuditStore implements AuditStore {
  constructor(private readonly context: PostgresContext) {}

  appendAudit(event: AuditEvent): Promise<AuditEntry> {
    return this.context.transaction((tx) => insertAuditEntry(tx, event));
  }

  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const rows = await this.context.sql<AuditEntryRow[]>`SELECT * FROM audit_entries WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`;
    return rows.map(toAuditEntry);
  }

  async listAuditBetween(from: string, to: string): Promise<AuditEntry[]> {
    const rows = await this.context.sql<AuditEntryRow[]>`SELECT * FROM audit_entries WHERE at >= ${from} AND at < ${to} ORDER BY seq`;
    return rows.map(toAuditEntry);
  }

  saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const inserted = await tx`
        INSERT INTO audit_checkpoints (day, seq, hash, signed_at, signature)
        VALUES (${checkpoint.day}, ${checkpoint.seq}, ${checkpoint.hash}, ${checkpoint.signedAt}, ${checkpoint.signature})
        ON CONFLICT (day) DO NOTHING`;
      return inserted.count === 1;
    });
  }

  async listAuditCheckpoints(): Promise<AuditCheckpoint[]> {
    const rows = await this.context.sql<AuditCheckpointRow[]>`SELECT * FROM audit_checkpoints ORDER BY day`;
    return rows.map(toAuditCheckpoint);
  }
}
