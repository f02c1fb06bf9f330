import type Database from 'better-sqlite3';
import { chainAuditEntry, EMPTY_HEAD, type AuditHead } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../audit-types.js';
import { prepared } from './prepared.js';

/**
 * Appends `event` after the newest entry. Runs inside the caller's
 * transaction (SQLite's write lock is held), so no other append can read the
 * same head; `prev_hash UNIQUE` and the seq primary key hold the chain even so.
 */
export function insertAuditEntry(db: Database.Database, event: AuditEvent): AuditEntry {
  const last = prepared(db, 'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
  const entry = chainAuditEntry(last ?? EMPTY_HEAD, event);
  prepared(
    db,
    `INSERT INTO audit_entries (seq, at, actor_kind, actor_id, actor_role, action, target_type, target_id, reason, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(entry.seq, entry.at, entry.actor.kind, entry.actor.id, entry.actor.role, entry.action, entry.target.type, entry.target.id, entry.reason ?? null, entry.prevHash, entry.hash);
  return entry;
}

/** Appends `audit` when the change it records happened, in the same transaction. */
export function audited(db: Database.Database, changed: boolean, audit: AuditEvent | undefined): boolean {
  if (changed && audit) insertAuditEntry(db, audit);
  return changed;
}
