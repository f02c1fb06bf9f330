import type { AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';

/** The store part for the append-only audit hash chain (see src/audit/README.md). */
export interface AuditStore {
  /**
   * Appends one entry to the audit hash chain after the current head and
   * returns it. Concurrent appends (from any process) never share a seq or prevHash.
   */
  appendAudit(event: AuditEvent): Promise<AuditEntry>;
  /** Audit entries with `seq > afterSeq`, by seq, at most `limit`; a removed entry is simply missing. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Audit entries with `from <= at < to`, by seq. */
  listAuditBetween(from: string, to: string): Promise<AuditEntry[]>;
  /** Stores a day's checkpoint; false (nothing changed) when that day already has one. */
  saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean>;
  /** Every checkpoint, by day. */
  listAuditCheckpoints(): Promise<AuditCheckpoint[]>;
}
