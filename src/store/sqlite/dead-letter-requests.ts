import type Database from 'better-sqlite3';
import type { AuditActor, AuditEvent } from '../audit-types.js';
import { sameActor, type DeadLetterApproval, type DeadLetterRequest, type DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import { toDeadLetterRequest as toRequest, type DeadLetterRequestRow } from '../rows.js';
import { insertAuditEntry } from './audit-rows.js';
import { prepared } from './prepared.js';

function isDead(db: Database.Database, jobId: string): boolean {
  return prepared(db, 'SELECT state FROM jobs WHERE id = ?').pluck().get(jobId) === 'dead';
}

export function readDeadLetterRequest(db: Database.Database, jobId: string): DeadLetterRequest | null {
  const row = prepared(db, 'SELECT * FROM dead_letter_requests WHERE job_id = ?').get(jobId) as DeadLetterRequestRow | undefined;
  return row ? toRequest(row) : null;
}

/** Inside a write: stores the request with its audit entry when the job is dead and has none. */
export function insertDeadLetterRequest(db: Database.Database, request: DeadLetterRequest, audit: AuditEvent): DeadLetterRequestOutcome {
  if (!isDead(db, request.jobId)) return 'not-dead';
  if (readDeadLetterRequest(db, request.jobId)) return 'already-requested';
  prepared(
    db,
    `INSERT INTO dead_letter_requests (job_id, action, reason, requested_by_kind, requested_by_id, requested_by_role, requested_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(request.jobId, request.action, request.reason, request.requestedBy.kind, request.requestedBy.id, request.requestedBy.role, request.requestedAt);
  insertAuditEntry(db, audit);
  return 'requested';
}

/** Inside a write: carries out the request the approver saw, when it still stands and the approver is someone else. */
export function carryOutDeadLetterRequest(db: Database.Database, seen: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): DeadLetterApproval {
  const stored = readDeadLetterRequest(db, seen.jobId);
  if (!stored || stored.action !== seen.action || stored.requestedAt !== seen.requestedAt || !sameActor(stored.requestedBy, seen.requestedBy)) return 'no-request';
  if (sameActor(stored.requestedBy, approver)) return 'same-actor';
  if (!isDead(db, stored.jobId)) return 'not-dead';
  if (stored.action === 'replay') {
    prepared(db, "UPDATE jobs SET state = 'ready', attempts = 0, run_at = ?, updated_at = ? WHERE id = ?").run(now, now, stored.jobId);
  } else {
    prepared(db, "UPDATE jobs SET state = 'done', last_error = ?, updated_at = ? WHERE id = ?").run(`discarded: ${stored.reason ?? ''}`, now, stored.jobId);
  }
  prepared(db, 'DELETE FROM dead_letter_requests WHERE job_id = ?').run(stored.jobId);
  insertAuditEntry(db, audit);
  return 'approved';
}
