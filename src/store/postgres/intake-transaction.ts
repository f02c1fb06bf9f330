import { ClaimTakenError, type NewApplication, type UniqueClaim } from '../parts/application-store.js';
import { duplicateRecord } from '../store-errors.js';
import { terminalAt } from '../rows.js';
import { insertApplication, insertTimeline, requireApplication } from './application-writes.js';
import { completeIdempotency } from './idempotency-store.js';
import { insertJob } from './job-writes.js';
import { notifyJobReady } from './job-wakeups.js';
import type { Query } from './postgres-context.js';

/**
 * Intake's one transaction, spanning four parts: the application with its
 * claims and timeline, its first job, and the completed idempotency record.
 * A claim taken, a duplicate id or any failure throws, and the caller's
 * transaction rolls back, leaving nothing of it behind.
 *
 * Concurrent intakes are decided by the unique keys, not by the reads: an
 * `INSERT … ON CONFLICT DO NOTHING` waits for another transaction inserting
 * the same key and, once that one commits, inserts nothing (the application
 * row's plain INSERT fails with a unique violation instead), which is turned
 * into the same error the read ahead of it gives when the other intake
 * committed earlier. Claims are inserted in one order (kind, key), so two
 * intakes sharing several claims queue on the first instead of deadlocking.
 */
export async function intakeTransaction(sql: Query, input: NewApplication): Promise<void> {
  const { application, timeline, job, idempotency } = input;
  const claims = distinctClaims(input.claims);
  for (const claim of claims) {
    const [taken] = await sql`SELECT 1 FROM claims WHERE kind = ${claim.kind} AND key = ${claim.key}`;
    if (taken) throw new ClaimTakenError(claim);
  }
  const [existing] = await sql`SELECT 1 FROM applications WHERE id = ${application.id}`;
  if (existing) throw duplicateRecord('application', application.id);
  await insertNewApplication(sql, input);
  for (const entry of timeline) await insertTimeline(sql, application.id, entry);
  await requireApplication(sql, job.applicationId);
  await insertJob(sql, job, application.createdAt);
  await notifyJobReady(sql, job.runAt, application.createdAt);
  for (const claim of claims) {
    const inserted = await sql`
      INSERT INTO claims (kind, key, application_id) VALUES (${claim.kind}, ${claim.key}, ${application.id})
      ON CONFLICT (kind, key) DO NOTHING`;
    if (inserted.count === 0) throw new ClaimTakenError(claim);
  }
  if (idempotency) await completeIdempotency(sql, idempotency.clientId, idempotency.key, idempotency.response, idempotency.expiresAt);
}

/** Inserts the application row; an id another intake committed meanwhile is `duplicate-application`, not a unique violation. */
async function insertNewApplication(sql: Query, input: NewApplication): Promise<void> {
  const { application, timeline, idempotency } = input;
  try {
    await insertApplication(sql, application, timeline.at(-1)?.status ?? application.status, terminalAt(timeline.at(-1)), idempotency);
  } catch (error) {
    const { code, constraint_name } = error as { code?: unknown; constraint_name?: unknown };
    if (code === '23505' && constraint_name === 'applications_pkey') throw duplicateRecord('application', application.id);
    throw error;
  }
}

/** The claims once each, in (kind, key) order. */
function distinctClaims(claims: UniqueClaim[]): UniqueClaim[] {
  const byKey = new Map(claims.map((claim) => [JSON.stringify([claim.kind, claim.key]), claim]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, claim]) => claim);
}
