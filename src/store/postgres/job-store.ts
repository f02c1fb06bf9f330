import type { JobCounts, JobRecord, JobStore, NewJob } from '../parts/job-store.js';
import { waitsOn } from '../waits-on.js';
import { toJob, type JobRow } from '../rows.js';
import { requireApplication } from './application-writes.js';
import { insertJob } from './job-writes.js';
import { notifyJobReady } from './job-wakeups.js';
import type { PostgresContext, Query } from './postgres-context.js';

/**
 * The compare-and-set every lease-checked update applies under: the job is
 * still leased by `owner`. In the UPDATE's WHERE, a concurrent claim of the
 * same row makes this one wait and then test the row as the other left it,
 * so an owner whose lease was taken over changes nothing.
 */
function heldBy(sql: Query, jobId: string, owner: string) {
  return sql`id = ${jobId} AND state = 'leased' AND lease_owner = ${owner}`;
}

/** Runs a lease-checked `UPDATE jobs SET <set>`: true when it applied. */
async function updateLeased(sql: Query, set: ReturnType<typeof heldBy>, jobId: string, owner: string): Promise<boolean> {
  const updated = await sql`UPDATE jobs SET ${set} WHERE ${heldBy(sql, jobId, owner)}`;
  return updated.count === 1;
}

/**
 * The runner's jobs in PostgreSQL: table `jobs`. Claims lock the rows they
 * take with `FOR UPDATE SKIP LOCKED`, so processes claiming at once pass over
 * each other's rows and never lease one job twice; every other write by an
 * owner is a compare-and-set on the lease. Writes that make a job due now
 * notify listening processes (`job-wakeups.ts`) in the same transaction.
 */
export class PostgresJobStore implements JobStore {
  constructor(private readonly context: PostgresContext) {}

  enqueueJob(job: NewJob, now: string): Promise<void> {
    return this.context.transaction(async (tx) => {
      await requireApplication(tx, job.applicationId);
      await insertJob(tx, job, now);
      await notifyJobReady(tx, job.runAt, now);
    });
  }

  /**
   * Ready and waiting jobs are each read in index order and cut at the limit
   * before merging, so a large backlog is never sorted; expired leases are few
   * (their owners died). Rows another claimer holds are skipped, not waited for.
   */
  async claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    return this.context.transaction(async (tx) => {
      const rows = await tx<JobRow[]>`
        WITH ready AS (
          SELECT id, run_at FROM jobs WHERE state = 'ready' AND run_at <= ${now} ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), waiting AS (
          SELECT id, run_at FROM jobs WHERE state = 'waiting' AND run_at <= ${now} ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), expired AS (
          SELECT id, run_at FROM jobs WHERE state = 'leased' AND lease_until < ${now} ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), chosen AS (
          SELECT id FROM (SELECT * FROM ready UNION ALL SELECT * FROM waiting UNION ALL SELECT * FROM expired) AS due ORDER BY run_at, id LIMIT ${limit}
        ), claimed AS (
          UPDATE jobs SET state = 'leased', lease_owner = ${owner}, lease_until = ${leaseUntil}, updated_at = ${now}
          FROM chosen WHERE jobs.id = chosen.id
          RETURNING jobs.*
        )
        SELECT * FROM claimed ORDER BY run_at, id`;
      return rows.map(toJob);
    });
  }

  extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean> {
    return this.context.transaction((tx) => updateLeased(tx, tx`lease_until = ${leaseUntil}`, jobId, owner));
  }

  completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const done = await updateLeased(tx, tx`state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ${now}`, jobId, owner);
      if (done && next) {
        await requireApplication(tx, next.applicationId);
        await insertJob(tx, next, now);
        await notifyJobReady(tx, next.runAt, now);
      }
      return done;
    });
  }

  retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const retried = await updateLeased(
        tx,
        tx`state = 'ready', attempts = attempts + 1, last_error = ${error}, run_at = ${runAt}, lease_owner = NULL, lease_until = NULL, updated_at = ${now}`,
        jobId,
        owner,
      );
      if (retried) await notifyJobReady(tx, runAt, now);
      return retried;
    });
  }

  waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean> {
    return this.context.transaction((tx) =>
      updateLeased(
        tx,
        tx`state = 'waiting', correlation_key = ${correlationKey}, run_at = ${deadline}, payload = ${JSON.stringify(payload)},
          lease_owner = NULL, lease_until = NULL, updated_at = ${now}`,
        jobId,
        owner,
      ),
    );
  }

  /**
   * The waiting job is read `FOR UPDATE`: a second reply (or a claim after the
   * deadline) waits for this transaction, then finds the job no longer waiting.
   */
  resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null> {
    return this.context.transaction(async (tx) => {
      const [row] = await tx<JobRow[]>`
        SELECT * FROM jobs WHERE state = 'waiting' AND correlation_key = ${correlationKey} ORDER BY updated_at, id LIMIT 1 FOR UPDATE`;
      if (!row) return null;
      const stored = JSON.parse(row.payload) as Record<string, unknown>;
      if (!waitsOn(stored, system)) return null;
      const payload = { ...stored, reply };
      const [resumed] = await tx<JobRow[]>`
        UPDATE jobs SET state = 'ready', run_at = ${now}, payload = ${JSON.stringify(payload)}, updated_at = ${now}
        WHERE id = ${row.id} AND state = 'waiting' RETURNING *`;
      if (!resumed) return null;
      await notifyJobReady(tx, now, now);
      return toJob(resumed);
    });
  }

  deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean> {
    return this.context.transaction((tx) =>
      updateLeased(tx, tx`state = 'dead', last_error = ${reason}, lease_owner = NULL, lease_until = NULL, updated_at = ${now}`, jobId, owner),
    );
  }

  releaseLeases(owner: string, now: string): Promise<number> {
    return this.context.transaction(async (tx) => {
      const released = await tx<{ run_at: string }[]>`
        UPDATE jobs SET state = 'ready', lease_owner = NULL, lease_until = NULL, updated_at = ${now}
        WHERE state = 'leased' AND lease_owner = ${owner} RETURNING run_at`;
      const earliest = released.reduce<string | null>((min, { run_at }) => (min === null || run_at < min ? run_at : min), null);
      if (earliest !== null) await notifyJobReady(tx, earliest, now);
      return released.length;
    });
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const [row] = await this.context.sql<JobRow[]>`SELECT * FROM jobs WHERE id = ${jobId}`;
    return row ? toJob(row) : null;
  }

  async listJobs(applicationId: string): Promise<JobRecord[]> {
    const rows = await this.context.sql<JobRow[]>`SELECT * FROM jobs WHERE application_id = ${applicationId} ORDER BY step, created_at, id`;
    return rows.map(toJob);
  }

  /** An index search per state, so done jobs are never read. */
  async countJobs(): Promise<JobCounts> {
    const counts: JobCounts = { ready: 0, leased: 0, waiting: 0, dead: 0 };
    const rows = await this.context.sql<{ state: keyof JobCounts; count: number }[]>`
      SELECT state, COUNT(*) AS count FROM jobs WHERE state IN ('ready', 'leased', 'waiting', 'dead') GROUP BY state`;
    for (const { state, count } of rows) counts[state] = count;
    return counts;
  }
}
