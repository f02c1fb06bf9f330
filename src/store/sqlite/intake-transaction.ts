import type Database from 'better-sqlite3';
import { ClaimTakenError, type NewApplication } from '../parts/application-store.js';
import { duplicateRecord } from '../store-errors.js';
import { terminalAt } from '../rows.js';
import { insertApplication, insertTimeline, requireApplication } from './application-writes.js';
import { completeIdempotency } from './idempotency-store.js';
import { insertJob } from './job-writes.js';
import { prepared } from './prepared.js';

/**
 * Intake's one transaction, spanning four parts: the application with its
 * claims and timeline, its first job, and the completed idempotency record.
 * Runs inside one group-commit write (its own savepoint), so a claim taken,
 * a duplicate id or any failure leaves nothing of it behind.
 */
export function intakeTransaction(db: Database.Database, input: NewApplication): void {
  const { application, timeline, job, claims, idempotency } = input;
  for (const claim of claims) {
    if (prepared(db, 'SELECT 1 FROM claims WHERE kind = ? AND key = ?').get(claim.kind, claim.key)) {
      throw new ClaimTakenError({ kind: claim.kind, key: claim.key });
    }
  }
  if (prepared(db, 'SELECT 1 FROM applications WHERE id = ?').get(application.id)) throw duplicateRecord('application', application.id);
  insertApplication(db, application, timeline.at(-1)?.status ?? application.status, terminalAt(timeline.at(-1)), idempotency);
  for (const entry of timeline) insertTimeline(db, application.id, entry);
  requireApplication(db, job.applicationId);
  insertJob(db, job, application.createdAt);
  const insertClaim = prepared(db, 'INSERT OR IGNORE INTO claims (kind, key, application_id) VALUES (?, ?, ?)');
  for (const claim of claims) insertClaim.run(claim.kind, claim.key, application.id);
  if (idempotency) completeIdempotency(db, idempotency.clientId, idempotency.key, idempotency.response, idempotency.expiresAt);
}
