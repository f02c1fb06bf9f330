import type { AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';
import type { AuditStore } from '../parts/audit-store.js';
import { toAuditCheckpoint, toAuditEntry, type AuditCheckpointRow, type AuditEntryRow } from '../rows.js';
import { insertAuditEntry } from './audit-rows.js';
import { prepared } from './prepared.js';
import type { SqliteContext } from './sqlite-context.js';

/** The audit chain in SQLite: tables `audit_entries` (UPDATE and DELETE refused by triggers) and `audit_checkpoints`. */
export class SqliteAuditStore implements AuditStore {
  constructor(private readonly context: SqliteContext) {}

  appendAudit(event: AuditEvent): Promise<AuditEntry> {
    return this.context.write((db) => insertAuditEntry(db, event));
  }

  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const rows = prepared(this.context.db, 'SELECT * FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as AuditEntryRow[];
    return rows.map(toAuditEntry);
  }

  async listAuditBetween(from: string, to: string): Promise<AuditEntry[]> {
    const rows = prepared(this.context.db, 'SELECT * FROM audit_entries WHERE at >= ? AND at < ? ORDER BY seq').all(from, to) as AuditEntryRow[];
    return rows.map(toAuditEntry);
  }

  saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean> {
    return this.context.write(
      (db) =>
        prepared(db, 'INSERT INTO audit_checkpoints (day, seq, hash, signed_at, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING').run(
          checkpoint.day,
          checkpoint.seq,
          checkpoint.hash,
          checkpoint.signedAt,
          checkpoint.signature,
        ).changes === 1,
    );
  }

  async listAuditCheckpoints(): Promise<AuditCheckpoint[]> {
    const rows = prepared(this.context.db, 'SELECT * FROM audit_checkpoints ORDER BY day').all() as AuditCheckpointRow[];
    return rows.map(toAuditCheckpoint);
  }
}
