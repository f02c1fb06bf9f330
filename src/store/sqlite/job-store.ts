import type { JobCounts, JobRecord, JobStore, NewJob } from '../parts/job-store.js';
import { waitsOn } from '../waits-on.js';
import { requireApplication } from './application-writes.js';
import { insertJob, leased } from './job-writes.js';
import { prepared } from './prepared.js';
import { toJob, type JobRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/**
 * Jobs a runner may lease now, oldest `runAt` first. Ready and waiting jobs are
 * read in index order and cut at the limit before merging, so a large backlog
 * is never sorted; expired leases are few (their owners died).
 */
const CLAIMABLE_JOBS = `
  SELECT id FROM (
    SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'ready' AND run_at <= @now ORDER BY run_at, id LIMIT @limit)
    UNION ALL
    SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'waiting' AND run_at <= @now ORDER BY run_at, id LIMIT @limit)
    UNION ALL
    SELECT id, run_at FROM jobs WHERE state = 'leased' AND lease_until < @now
  ) ORDER BY run_at, id LIMIT @limit`;

/** Jobs by state: an index search per state, so done jobs are never read. */
const COUNT_JOBS = "SELECT state, COUNT(*) AS count FROM jobs WHERE state IN ('ready', 'leased', 'waiting', 'dead') GROUP BY state";

/** The runner's jobs in SQLite: table `jobs`. */
export class SqliteJobStore implements JobStore {
  constructor(private readonly context: SqliteContext) {}

  enqueueJob(job: NewJob, now: string): Promise<void> {
    return this.context.write((db) => {
      requireApplication(db, job.applicationId);
      insertJob(db, job, now);
    });
  }

  claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    return this.context.write((db) => {
      if (limit <= 0) return [];
      const ids = prepared(db, CLAIMABLE_JOBS).pluck().all({ now, limit }) as string[];
      const lease = prepared(db, "UPDATE jobs SET state = 'leased', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? RETURNING *");
      return ids.map((id) => toJob(lease.get(owner, leaseUntil, now, id) as JobRow));
    });
  }

  extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean> {
    return this.context.write((db) => leased(db, 'UPDATE jobs SET lease_until = ?', [leaseUntil], jobId, owner));
  }

  completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean> {
    return this.context.write((db) => {
      const done = leased(db, "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ?", [now], jobId, owner);
      if (done && next) {
        requireApplication(db, next.applicationId);
        insertJob(db, next, now);
      }
      return done;
    });
  }

  retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean> {
    return this.context.write((db) =>
      leased(
        db,
        "UPDATE jobs SET state = 'ready', attempts = attempts + 1, last_error = ?, run_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?",
        [error, runAt, now],
        jobId,
        owner,
      ),
    );
  }

  waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean> {
    return this.context.write((db) =>
      leased(
        db,
        "UPDATE jobs SET state = 'waiting', correlation_key = ?, run_at = ?, payload = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?",
        [correlationKey, deadline, JSON.stringify(payload), now],
        jobId,
        owner,
      ),
    );
  }

  resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null> {
    return this.context.write((db) => {
      const row = prepared(db, "SELECT * FROM jobs WHERE state = 'waiting' AND correlation_key = ? ORDER BY updated_at, id LIMIT 1")
        .get(correlationKey) as JobRow | undefined;
      if (!row) return null;
      const stored = JSON.parse(row.payload) as Record<string, unknown>;
      if (!waitsOn(stored, system)) return null;
      const payload = { ...stored, reply };
      const resumed = prepared(db, "UPDATE jobs SET state = 'ready', run_at = ?, payload = ?, updated_at = ? WHERE id = ? RETURNING *")
        .get(now, JSON.stringify(payload), now, row.id) as JobRow;
      return toJob(resumed);
    });
  }

  deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean> {
    return this.context.write((db) =>
      leased(db, "UPDATE jobs SET state = 'dead', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?", [reason, now], jobId, owner),
    );
  }

  releaseLeases(owner: string, now: string): Promise<number> {
    return this.context.write(
      (db) =>
        prepared(db, "UPDATE jobs SET state = 'ready', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE state = 'leased' AND lease_owner = ?")
          .run(now, owner).changes,
    );
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async listJobs(applicationId: string): Promise<JobRecord[]> {
    const rows = prepared(this.context.db, 'SELECT * FROM jobs WHERE application_id = ? ORDER BY step, created_at, id').all(applicationId) as JobRow[];
    return rows.map(toJob);
  }

  async countJobs(): Promise<JobCounts> {
    const counts: JobCounts = { ready: 0, leased: 0, waiting: 0, dead: 0 };
    const rows = prepared(this.context.db, COUNT_JOBS).all() as { state: keyof JobCounts; count: number }[];
    for (const { state, count } of rows) counts[state] = count;
    return counts;
  }
}
