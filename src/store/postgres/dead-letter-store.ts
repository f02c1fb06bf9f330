import type { AuditActor, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import type { DeadLetterStore } from '../parts/dead-letter-store.js';
import type { JobRecord } from '../parts/job-store.js';
import { toJob, type JobRow } from '../rows.js';
import { audited } from './audit-rows.js';
import { carryOutDeadLetterRequest, insertDeadLetterRequest, readDeadLetterRequest } from './dead-letter-requests.js';
import { notifyJobReady } from './job-wakeups.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Dead letters in PostgreSQL: jobs in state `dead`, and table
 * `dead_letter_requests` for the four-eyes pair. Replay and discard are one
 * conditional UPDATE each (`WHERE state = 'dead'`), so of two processes
 * acting on one dead letter exactly one moves it and appends its audit entry.
 */
export class PostgresDeadLetterStore implements DeadLetterStore {
  constructor(private readonly context: PostgresContext) {}

  /** After the cursor job's current `(updatedAt, id)`; an unknown cursor matches nothing. */
  async listDeadLetters(limit: number, after?: string): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const sql = this.context.sql;
    const rows =
      after === undefined
        ? await sql<JobRow[]>`SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at, id LIMIT ${limit}`
        : await sql<JobRow[]>`
            SELECT * FROM jobs WHERE state = 'dead'
              AND (updated_at, id) > (SELECT updated_at, id FROM jobs WHERE id = ${after})
            ORDER BY updated_at, id LIMIT ${limit}`;
    return rows.map(toJob);
  }

  replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const replayed = await tx`UPDATE jobs SET state = 'ready', attempts = 0, run_at = ${now}, updated_at = ${now} WHERE id = ${jobId} AND state = 'dead'`;
      if (replayed.count === 1) await notifyJobReady(tx, now, now);
      return audited(tx, replayed.count === 1, audit);
    });
  }

  discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const discarded = await tx`
        UPDATE jobs SET state = 'done', last_error = ${`discarded: ${reason}`}, updated_at = ${now} WHERE id = ${jobId} AND state = 'dead'`;
      return audited(tx, discarded.count === 1, audit);
    });
  }

  requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
    return this.context.transaction((tx) => insertDeadLetterRequest(tx, request, audit));
  }

  getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null> {
    return readDeadLetterRequest(this.context.sql, jobId);
  }

  approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval> {
    return this.context.transaction((tx) => carryOutDeadLetterRequest(tx, request, approver, now, audit));
  }
}
