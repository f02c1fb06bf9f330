import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { at, newJob } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';
import { jobFixtures } from './job-fixtures.js';

/** The runner's jobs: enqueueing, claims, leases, completion, retries. */
export function describeJobContract(open: OpenStore): void {
  describe('jobs', () => {
    const store = freshStorePerTest(open);
    const { withJob, claimOne } = jobFixtures(store);

    it('enqueues a ready job', async () => {
      await withJob('job-0');
      await store().enqueueJob(newJob('job-1', 'app-of-job-0', { step: 1, name: 'send-tax', runAt: at(5) }), at(2));
      expect(await store().getJob('job-1')).toEqual({
        id: 'job-1',
        applicationId: 'app-of-job-0',
        step: 1,
        name: 'send-tax',
        state: 'ready',
        payload: { attempt: 'first' },
        attempts: 0,
        runAt: at(5),
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        correlationKey: null,
        createdAt: at(2),
        updatedAt: at(2),
      });
      expect((await store().listJobs('app-of-job-0')).map((job) => job.id)).toEqual(['job-0', 'job-1']);
    });

    it('refuses a job for an unknown application and a duplicate job id', async () => {
      await expect(store().enqueueJob(newJob('job-x', 'nope'), at(0))).rejects.toBeInstanceOf(NotFoundError);
      await withJob('job-0');
      const error = await store().enqueueJob(newJob('job-0', 'app-of-job-0', { name: 'other' }), at(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((await store().getJob('job-0'))?.name).toBe('lookup-resident');
    });

    it('claims due jobs in runAt order up to the limit, and leases them', async () => {
      await withJob('job-late', at(30));
      await withJob('job-b', at(10));
      await withJob('job-a', at(10));
      await withJob('job-first', at(5));
      await withJob('job-future', at(100));

      const claimed = await store().claimJobs('runner-1', at(30), at(90), 3);
      expect(claimed.map((job) => job.id)).toEqual(['job-first', 'job-a', 'job-b']);
      for (const job of claimed) {
        expect(job).toMatchObject({ state: 'leased', leaseOwner: 'runner-1', leaseUntil: at(90), attempts: 0 });
        expect(await store().getJob(job.id)).toEqual(job);
      }
      expect((await store().claimJobs('runner-2', at(31), at(90), 10)).map((job) => job.id)).toEqual(['job-late']);
      expect(await store().claimJobs('runner-2', at(32), at(90), 10)).toEqual([]);
      expect(await store().claimJobs('runner-2', at(32), at(90), 0)).toEqual([]);
    });

    it('never hands one job to two concurrent claimers', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => withJob(`job-${i}`)));
      const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => store().claimJobs(`runner-${i}`, at(1), at(60), 8)));
      const ids = batches.flat().map((job) => job.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('reclaims a job whose lease expired, and the old owner can no longer act on it', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      expect(await store().claimJobs('runner-2', at(60), at(120), 10)).toEqual([]);
      const stolen = await claimOne('runner-2', 61, 120);
      expect(stolen).toMatchObject({ id: 'job-1', leaseOwner: 'runner-2', leaseUntil: at(120) });

      expect(await store().completeJob('job-1', 'runner-1', at(62))).toBe(false);
      expect(await store().extendLease('job-1', 'runner-1', at(500))).toBe(false);
      expect(await store().retryJob('job-1', 'runner-1', at(62), at(70), 'late')).toBe(false);
      expect(await store().waitJob('job-1', 'runner-1', at(62), 'msg-1', at(300), {})).toBe(false);
      expect(await store().deadLetter('job-1', 'runner-1', at(62), 'late')).toBe(false);
      expect(await store().getJob('job-1')).toEqual(stolen);

      expect(await store().completeJob('job-1', 'runner-2', at(63))).toBe(true);
      expect(await store().getJob('job-1')).toMatchObject({ state: 'done', leaseOwner: null, leaseUntil: null, updatedAt: at(63) });
    });

    it('extends a lease held by its owner so it is not reclaimed', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      expect(await store().extendLease('job-1', 'runner-1', at(120))).toBe(true);
      expect((await store().getJob('job-1'))?.leaseUntil).toBe(at(120));
      expect(await store().claimJobs('runner-2', at(90), at(200), 10)).toEqual([]);
      expect((await store().claimJobs('runner-2', at(121), at(200), 10)).map((job) => job.id)).toEqual(['job-1']);
    });

    it('acts only on leased jobs: a ready, done or unknown job is refused', async () => {
      await withJob('job-1');
      expect(await store().completeJob('job-1', 'runner-1', at(1))).toBe(false);
      expect(await store().extendLease('job-1', 'runner-1', at(100))).toBe(false);
      expect(await store().deadLetter('job-1', 'runner-1', at(1), 'x')).toBe(false);
      expect((await store().getJob('job-1'))?.state).toBe('ready');
      expect(await store().completeJob('missing', 'runner-1', at(1))).toBe(false);
      expect(await store().getJob('missing')).toBeNull();

      await claimOne('runner-1', 1, 60);
      expect(await store().completeJob('job-1', 'runner-1', at(2))).toBe(true);
      expect(await store().completeJob('job-1', 'runner-1', at(3))).toBe(false);
      expect(await store().claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([]);
    });

    it('completes a job and enqueues the next one atomically', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      const next = newJob('job-2', 'app-of-job-1', { step: 1, name: 'issue-certificate', payload: { resident: { code: '1' } }, runAt: at(2) });
      expect(await store().completeJob('job-1', 'runner-1', at(2), next)).toBe(true);
      expect(await store().getJob('job-2')).toMatchObject({ state: 'ready', step: 1, payload: { resident: { code: '1' } }, createdAt: at(2) });
      expect((await store().claimJobs('runner-1', at(2), at(60), 10)).map((job) => job.id)).toEqual(['job-2']);
    });

    it('does not complete a job when its next job cannot be written, while other writes still commit', async () => {
      await withJob('job-1');
      await withJob('job-other');
      await store().claimJobs('runner-1', at(1), at(60), 10);
      const [bad, good] = await Promise.allSettled([
        store().completeJob('job-1', 'runner-1', at(2), newJob('job-1-next', 'no-such-application')),
        store().completeJob('job-other', 'runner-1', at(2)),
      ]);
      expect(bad?.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
      expect(good).toEqual({ status: 'fulfilled', value: true });
      expect(await store().getJob('job-1')).toMatchObject({ state: 'leased', leaseOwner: 'runner-1' });
      expect(await store().getJob('job-1-next')).toBeNull();
      expect((await store().getJob('job-other'))?.state).toBe('done');
    });

    it('retries a job later, counting the attempt and keeping the error', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      expect(await store().retryJob('job-1', 'runner-1', at(2), at(30), 'registry timed out')).toBe(true);
      expect(await store().getJob('job-1')).toMatchObject({
        state: 'ready',
        attempts: 1,
        lastError: 'registry timed out',
        runAt: at(30),
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: at(2),
      });
      expect(await store().claimJobs('runner-1', at(29), at(90), 10)).toEqual([]);
      await claimOne('runner-1', 30, 90);
      expect(await store().retryJob('job-1', 'runner-1', at(31), at(40), 'again')).toBe(true);
      expect((await store().getJob('job-1'))?.attempts).toBe(2);
    });
  });
}
