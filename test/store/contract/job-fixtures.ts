import type { JobRecord, Store } from '../../../src/store/types.js';
import { at, newApplication, newJob } from '../store-fixtures.js';

/** The job set-up the job, job-queue, job-reply and dead-letter contracts share, on the current test's store. */
export function jobFixtures(store: () => Store) {
  return {
    /** Creates an application whose first job is `jobId`, ready at `runAt`. */
    async withJob(jobId: string, runAt = at(0), applicationId = `app-of-${jobId}`): Promise<void> {
      await store().createApplication(newApplication(applicationId, { job: newJob(jobId, applicationId, { runAt }) }));
    },

    async claimOne(owner: string, now: number, leaseUntil: number): Promise<JobRecord> {
      const [job] = await store().claimJobs(owner, at(now), at(leaseUntil), 1);
      if (!job) throw new Error('expected a job to claim');
      return job;
    },
  };
}
