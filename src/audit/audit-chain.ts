import { createHash } from 'node:crypto';
import { canonicalBytes } from '../json/canonical-json.js';
import type { AuditEntry, AuditEvent } from '../store/audit-types.js';
import { checkAuditEvent } from './audit-event.js';

/** `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where the chain stands: the last entry's seq and hash (seq 0 and the genesis hash while empty). */
export interface AuditHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: AuditHead = { seq: 0, hash: GENESIS_HASH };

/** SHA-256 hex over the RFC 8785 canonical JSON of the entry without its own hash. */
export function auditHashOf(entry: Omit<AuditEntry, 'hash'>): string {
  const hashed = {
    seq: entry.seq,
    at: entry.at,
    actor: { kind: entry.actor.kind, id: entry.actor.id, role: entry.actor.role },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalBytes(hashed)).digest('hex');
}

/** The entry that follows `head` for `event` (checked first: bounded, known action, ids only). */
export function chainAuditEntry(head: AuditHead, event: AuditEvent): AuditEntry {
  const checked = checkAuditEvent(event);
  const unhashed = { seq: head.seq + 1, ...checked, prevHash: head.hash };
  return { ...unhashed, hash: auditHashOf(unhashed) };
}
