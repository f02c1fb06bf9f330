import { duplicateRecord } from '../store-errors.js';
import type { NewJob } from '../parts/job-store.js';
import type { Query } from './postgres-context.js';

/** Statements on jobs that several parts run inside their own transactions (intake's first job, a completed job's next one, dead letters). */

export async function insertJob(sql: Query, job: NewJob, now: string): Promise<void> {
  const inserted = await sql`
    INSERT INTO jobs (id, application_id, step, name, state, payload, attempts, run_at, created_at, updated_at)
    VALUES (${job.id}, ${job.applicationId}, ${job.step}, ${job.name}, 'ready', ${JSON.stringify(job.payload)}, 0, ${job.runAt}, ${now}, ${now})
    ON CONFLICT (id) DO NOTHING`;
  if (inserted.count === 0) throw duplicateRecord('job', job.id);
}
