/**
 * Audit trail records the Store keeps (see src/audit/README.md). Entries hold
 * ids, roles, actions, reasons and hashes only: never personal data.
 */

/** Who did it: a named staff member, an API client (by its configured id and role), or the gateway itself. */
export interface AuditActor {
  kind: 'staff' | 'client' | 'system';
  id: string;
  role: string;
}

/** What was acted on, by id (`dead-letter` + job id, `certificate` + certificate id, `delivery` + system:message id …). */
export interface AuditTarget {
  type: string;
  id: string;
}

/** One action to record, before it is chained. */
export interface AuditEvent {
  /** The gateway clock, ISO-8601 UTC. */
  at: string;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  /** Why, as staff wrote it (bounded); absent for actions without one. */
  reason?: string;
}

/** An entry of the hash chain: the event with its place and hashes. */
export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3 … without gaps. */
  seq: number;
  /** `hash` of the entry before (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 hex over the RFC 8785 canonical JSON of every other field. */
  hash: string;
}

/** The chain's head as one day (JST) ended, signed with the city's issuance key. */
export interface AuditCheckpoint {
  /** The JST calendar day, YYYY-MM-DD. */
  day: string;
  /** seq and hash of the day's last entry. */
  seq: number;
  hash: string;
  signedAt: string;
  /** Base64 DER detached CMS SignedData over the canonical checkpoint statement. */
  signature: string;
}
