import type { AuditActor } from './audit-types.js';

/**
 * A replay or discard of a dead letter one person asked for, waiting for a
 * second to approve it (four eyes). Until then the job stays dead.
 */
export interface DeadLetterRequest {
  jobId: string;
  action: 'replay' | 'discard';
  /** The discard's reason; null for a replay. */
  reason: string | null;
  requestedBy: AuditActor;
  requestedAt: string;
}

/** What `requestDeadLetterAction` did: only `requested` stored the request. */
export type DeadLetterRequestOutcome = 'requested' | 'not-dead' | 'already-requested';

/**
 * What `approveDeadLetterAction` did: only `approved` moved the job.
 * `no-request`: none, or another than the one the approver saw; `same-actor`: the requester cannot approve.
 */
export type DeadLetterApproval = 'approved' | 'no-request' | 'same-actor' | 'not-dead';

/** Whether two actors are the same person or client. */
export function sameActor(a: AuditActor, b: AuditActor): boolean {
  return a.kind === b.kind && a.id === b.id;
}
