import type { AuditActor, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import type { JobRecord } from './job-store.js';

/**
 * The store part for dead letters (jobs the runner gave up on) and their four-eyes replay or discard.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Dead letters list in `(updatedAt, id)` order; `after` is the id of the
 *   last job seen and the listing continues after that job's current
 *   `(updatedAt, id)`. `replayDeadLetter`: dead → ready now, attempts 0.
 *   `discardDeadLetter`: dead → done with `lastError = 'discarded: ' + reason`.
 */
export interface DeadLetterStore {
  listDeadLetters(limit: number, after?: string): Promise<JobRecord[]>;
  /** Dead → ready now, attempts reset; `audit` is appended in the same transaction. False (and nothing appended) if not dead. */
  replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean>;
  /** Dead → done with the reason kept; `audit` is appended in the same transaction. False (and nothing appended) if not dead. */
  discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean>;
  /**
   * Stores a request to replay or discard a dead letter (one per job), with
   * `audit` in the same transaction. The job does not move.
   */
  requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome>;
  getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null>;
  /**
   * Carries out `request` (as the approver read it) when it is still the one
   * stored, the job is still dead and `approver` is not the requester: replay
   * (ready now, attempts 0) or discard (done, `discarded: <reason>`), the
   * request removed and `audit` appended, all in one transaction.
   */
  approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval>;
}
