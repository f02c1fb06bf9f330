import { chainAuditEntry, EMPTY_HEAD, type AuditHead } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../audit-types.js';
import type { Query } from './postgres-context.js';

/** Serialises appends to the chain across every process and connection. */
const AUDIT_CHAIN_LOCK_KEY = 0x61756469; // "audi"

/**
 * Appends `event` after the newest entry, inside the caller's transaction.
 * A transaction-level advisory lock is taken first, so no other process's
 * append can read the same head before this transaction ends;
 * `prev_hash UNIQUE` and the seq primary key hold the chain even so.
 */
export async function insertAuditEntry(tx: Query, event: AuditEvent): Promise<AuditEntry> {
  await tx`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`;
  const [last] = await tx<AuditHead[]>`SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1`;
  const entry = chainAuditEntry(last ?? EMPTY_HEAD, event);
  await tx`
    INSERT INTO audit_entries (seq, at, actor_kind, actor_id, actor_role, action, target_type, target_id, reason, prev_hash, hash)
    VALUES (${entry.seq}, ${entry.at}, ${entry.actor.kind}, ${entry.actor.id}, ${entry.actor.role}, ${entry.action},
      ${entry.target.type}, ${entry.target.id}, ${entry.reason ?? null}, ${entry.prevHash}, ${entry.hash})`;
  return entry;
}

/** Appends `audit` when the change it records happened, in the same transaction. */
export async function audited(tx: Query, changed: boolean, audit: AuditEvent | undefined): Promise<boolean> {
  if (changed && audit) await insertAuditEntry(tx, audit);
  return changed;
}
