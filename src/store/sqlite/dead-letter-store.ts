import type { AuditActor, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import type { DeadLetterStore } from '../parts/dead-letter-store.js';
import type { JobRecord } from '../parts/job-store.js';
import { audited } from './audit-rows.js';
import { carryOutDeadLetterRequest, insertDeadLetterRequest, readDeadLetterRequest } from './dead-letter-requests.js';
import { prepared } from './prepared.js';
import { toJob, type JobRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Dead letters after the cursor job's current `(updatedAt, id)`; an unknown cursor matches nothing. */
const DEAD_LETTERS_AFTER = `
  SELECT * FROM jobs WHERE state = 'dead'
    AND (updated_at, id) > (SELECT updated_at, id FROM jobs WHERE id = @after)
  ORDER BY updated_at, id LIMIT @limit`;

/** Dead letters in SQLite: jobs in state `dead`, and table `dead_letter_requests` for the four-eyes pair. */
export class SqliteDeadLetterStore implements DeadLetterStore {
  constructor(private readonly context: SqliteContext) {}

  async listDeadLetters(limit: number, after?: string): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const db = this.context.db;
    const rows = (
      after === undefined
        ? prepared(db, "SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at, id LIMIT ?").all(limit)
        : prepared(db, DEAD_LETTERS_AFTER).all({ after, limit })
    ) as JobRow[];
    return rows.map(toJob);
  }

  replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.write((db) =>
      audited(
        db,
        prepared(db, "UPDATE jobs SET state = 'ready', attempts = 0, run_at = ?, updated_at = ? WHERE id = ? AND state = 'dead'").run(now, now, jobId).changes === 1,
        audit,
      ),
    );
  }

  discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.write((db) =>
      audited(
        db,
        prepared(db, "UPDATE jobs SET state = 'done', last_error = ?, updated_at = ? WHERE id = ? AND state = 'dead'").run(`discarded: ${reason}`, now, jobId)
          .changes === 1,
        audit,
      ),
    );
  }

  requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
    return this.context.write((db) => insertDeadLetterRequest(db, request, audit));
  }

  async getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null> {
    return readDeadLetterRequest(this.context.db, jobId);
  }

  approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval> {
    return this.context.write((db) => carryOutDeadLetterRequest(db, request, approver, now, audit));
  }
}
