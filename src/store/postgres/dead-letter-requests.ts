import type { AuditActor, AuditEvent } from '../audit-types.js';
import { sameActor, type DeadLetterApproval, type DeadLetterRequest, type DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import { toDeadLetterRequest as toRequest, type DeadLetterRequestRow } from '../rows.js';
import { insertAuditEntry } from './audit-rows.js';
import { notifyJobReady } from './job-wakeups.js';
import type { Query } from './postgres-context.js';

/**
 * The four-eyes pair on dead letters, run inside the caller's transaction.
 * Both writes lock the job row first (`FOR UPDATE`), then touch its request:
 * one lock order, so a request, its approval and a single-step replay or
 * discard of the same job from any process run one after the other, and each
 * decides on what the one before it committed.
 */

/** Locks the job row until the transaction ends and tells whether the job is dead. */
async function lockIsDead(sql: Query, jobId: string): Promise<boolean> {
  const [row] = await sql<{ state: string }[]>`SELECT state FROM jobs WHERE id = ${jobId} FOR UPDATE`;
  return row?.state === 'dead';
}

export async function readDeadLetterRequest(sql: Query, jobId: string): Promise<DeadLetterRequest | null> {
  const [row] = await sql<DeadLetterRequestRow[]>`SELECT * FROM dead_letter_requests WHERE job_id = ${jobId}`;
  return row ? toRequest(row) : null;
}

/** Stores the request with its audit entry when the job is dead and has none; the primary key decides between two requesters. */
export async function insertDeadLetterRequest(sql: Query, request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
  if (!(await lockIsDead(sql, request.jobId))) return 'not-dead';
  const inserted = await sql`
    INSERT INTO dead_letter_requests (job_id, action, reason, requested_by_kind, requested_by_id, requested_by_role, requested_at)
    VALUES (${request.jobId}, ${request.action}, ${request.reason}, ${request.requestedBy.kind}, ${request.requestedBy.id},
      ${request.requestedBy.role}, ${request.requestedAt})
    ON CONFLICT (job_id) DO NOTHING`;
  if (inserted.count === 0) return 'already-requested';
  await insertAuditEntry(sql, audit);
  return 'requested';
}

/** Carries out the request the approver saw, when it still stands, the job is still dead and the approver is someone else. */
export async function carryOutDeadLetterRequest(
  sql: Query,
  seen: DeadLetterRequest,
  approver: AuditActor,
  now: string,
  audit: AuditEvent,
): Promise<DeadLetterApproval> {
  const dead = await lockIsDead(sql, seen.jobId);
  const stored = await readDeadLetterRequest(sql, seen.jobId);
  if (!stored || stored.action !== seen.action || stored.requestedAt !== seen.requestedAt || !sameActor(stored.requestedBy, seen.requestedBy)) return 'no-request';
  if (sameActor(stored.requestedBy, approver)) return 'same-actor';
  if (!dead) return 'not-dead';
  if (stored.action === 'replay') {
    await sql`UPDATE jobs SET state = 'ready', attempts = 0, run_at = ${now}, updated_at = ${now} WHERE id = ${stored.jobId}`;
    await notifyJobReady(sql, now, now);
  } else {
    await sql`UPDATE jobs SET state = 'done', last_error = ${`discarded: ${stored.reason ?? ''}`}, updated_at = ${now} WHERE id = ${stored.jobId}`;
  }
  await sql`DELETE FROM dead_letter_requests WHERE job_id = ${stored.jobId}`;
  await insertAuditEntry(sql, audit);
  return 'approved';
}
