import type { AuditActor, AuditEvent, DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome, JobRecord, Store } from '../store/types.js';
import { sameActor } from '../store/dead-letter-request-types.js';

/**
 * Asks for a replay or discard of a dead letter (four eyes: it waits for
 * someone else's approval): the request and its audit entry
 * `dead-letter.<action>-requested`, in one transaction. The job does not move.
 */
export async function requestDeadLetterAction(
  store: Store,
  job: JobRecord,
  action: DeadLetterRequest['action'],
  reason: string | null,
  actor: AuditActor,
  now: string,
): Promise<{ outcome: DeadLetterRequestOutcome; request: DeadLetterRequest }> {
  const request: DeadLetterRequest = { jobId: job.id, action, reason, requestedBy: actor, requestedAt: now };
  const audit: AuditEvent = { at: now, actor, action: `dead-letter.${action}-requested`, target: { type: 'dead-letter', id: job.id }, ...(reason === null ? {} : { reason }) };
  return { outcome: await store.requestDeadLetterAction(request, audit), request };
}

/**
 * Carries out the waiting `pending` request as `approver`, who must not be
 * the requester (`same-actor`): the job moves and the audit entry
 * `dead-letter.<action>` is appended in one transaction; the application's
 * timeline names both people (a replay's entry first: once replayed the
 * runner may write the step's own entries at any moment).
 */
export async function approveDeadLetterAction(store: Store, job: JobRecord, pending: DeadLetterRequest, approver: AuditActor, now: string): Promise<DeadLetterApproval> {
  if (sameActor(pending.requestedBy, approver)) return 'same-actor';
  const audit: AuditEvent = { at: now, actor: approver, action: `dead-letter.${pending.action}`, target: { type: 'dead-letter', id: job.id }, ...(pending.reason === null ? {} : { reason: pending.reason }) };
  const source = `staff:${approver.id}`;
  if (pending.action === 'replay') await store.appendTimeline(job.applicationId, { status: 'in-progress', at: now, source, detail: `replayed by staff ${pending.requestedBy.id} and ${approver.id}` });
  const outcome = await store.approveDeadLetterAction(pending, approver, now, audit);
  if (outcome === 'approved' && pending.action === 'discard') await store.appendTimeline(job.applicationId, { status: 'failed', at: now, source, detail: `discarded by staff: ${pending.reason ?? ''}` });
  return outcome;
}
