import type Database from 'better-sqlite3';
import { duplicateRecord } from '../store-errors.js';
import type { NewJob } from '../parts/job-store.js';
import { prepared } from './prepared.js';

/** Statements on jobs that several parts run inside their own writes (intake's first job, a completed job's next one, dead letters). */

export function insertJob(db: Database.Database, job: NewJob, now: string): void {
  if (prepared(db, 'SELECT 1 FROM jobs WHERE id = ?').get(job.id)) throw duplicateRecord('job', job.id);
  prepared(
    db,
    `INSERT INTO jobs (id, application_id, step, name, state, payload, attempts, run_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'ready', ?, 0, ?, ?, ?)`,
  ).run(job.id, job.applicationId, job.step, job.name, JSON.stringify(job.payload), job.runAt, now, now);
}

/** Runs a lease-checked update: applies only while the job is leased by `owner`. */
export function leased(db: Database.Database, update: string, values: unknown[], jobId: string, owner: string): boolean {
  return prepared(db, `${update} WHERE id = ? AND state = 'leased' AND lease_owner = ?`).run(...values, jobId, owner).changes === 1;
}
