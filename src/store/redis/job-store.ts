import type { JobCounts, JobRecord, JobStore, NewJob } from '../parts/job-store.js';
import { waitsOn } from '../waits-on.js';
import { compareBytes, hashFromArray, jobFromHash } from './hash-records.js';
import {
  claimJobsScript,
  completeJobScript,
  countJobsScript,
  deadLetterScript,
  enqueueJobScript,
  extendLeaseScript,
  releaseLeasesScript,
  resumeWaitingScript,
  retryJobScript,
  waitJobScript,
} from './job-scripts.js';
import { millis, newJobArgs, throwJobProblem } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** The runner's jobs in Redis: `job:<id>` hashes and the state indexes of `job-scripts.ts`; each lease-checked transition is one script. */
export class RedisJobStore implements JobStore {
  constructor(private readonly context: RedisContext) {}

  async enqueueJob(job: NewJob, now: string): Promise<void> {
    throwJobProblem(await this.context.run(enqueueJobScript, [...newJobArgs(job), now]), job);
  }

  async claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const claimed = (await this.context.run(claimJobsScript, [owner, millis(now), now, leaseUntil, millis(leaseUntil), limit])) as unknown[];
    return claimed.map((reply) => jobFromHash(hashFromArray(reply)));
  }

  async extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean> {
    return (await this.context.run(extendLeaseScript, [jobId, owner, leaseUntil, millis(leaseUntil)])) === 1;
  }

  async completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean> {
    const result = await this.context.run(completeJobScript, [jobId, owner, now, next ? '1' : '0', ...(next ? newJobArgs(next) : [])]);
    if (next) throwJobProblem(result, next);
    return result === 1;
  }

  async retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean> {
    return (await this.context.run(retryJobScript, [jobId, owner, now, runAt, millis(runAt), error])) === 1;
  }

  async waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean> {
    const args = [jobId, owner, now, correlationKey, deadline, millis(deadline), JSON.stringify(payload)];
    return (await this.context.run(waitJobScript, args)) === 1;
  }

  /** Merges the reply in TypeScript and commits while the payload is the one merged into. */
  async resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null> {
    const { redis, keys } = this.context;
    return this.context.compareAndSet(async () => {
      const [oldest] = await redis.zrange(keys.correlation(correlationKey), '0', '0');
      if (oldest === undefined) return null;
      const jobId = oldest.slice(oldest.indexOf('\0') + 1);
      const payload = await redis.hget(keys.job(jobId), 'payload');
      if (payload === null) return undefined;
      const stored = JSON.parse(payload) as Record<string, unknown>;
      // The script applies only while the payload is unchanged, so this check holds at the write.
      if (!waitsOn(stored, system)) return null;
      const merged = JSON.stringify({ ...stored, reply });
      const resumed = await this.context.run(resumeWaitingScript, [jobId, correlationKey, payload, merged, now, millis(now)]);
      return Array.isArray(resumed) ? jobFromHash(hashFromArray(resumed)) : undefined;
    });
  }

  async deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean> {
    return (await this.context.run(deadLetterScript, [jobId, owner, now, reason])) === 1;
  }

  async releaseLeases(owner: string, now: string): Promise<number> {
    return Number(await this.context.run(releaseLeasesScript, [owner, now]));
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const hash = await this.context.redis.hgetall(this.context.keys.job(jobId));
    return hash.id === undefined ? null : jobFromHash(hash);
  }

  async listJobs(applicationId: string): Promise<JobRecord[]> {
    const ids = await this.context.redis.smembers(this.context.keys.applicationJobs(applicationId));
    const jobs = (await this.context.readHashes(ids.map((id) => this.context.keys.job(id)))).map(jobFromHash);
    return jobs.sort((a, b) => a.step - b.step || compareBytes(a.createdAt, b.createdAt) || compareBytes(a.id, b.id));
  }

  async countJobs(): Promise<JobCounts> {
    const [ready = 0, leased = 0, waiting = 0, dead = 0] = (await this.context.run(countJobsScript, [])) as number[];
    return { ready, leased, waiting, dead };
  }
}
