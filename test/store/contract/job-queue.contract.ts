import { describe, expect, it } from 'vitest';
import { at, newJob } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';
import { jobFixtures } from './job-fixtures.js';

/** The runner's jobs as a queue: releasing an owner's leases, listing, counting, copies. */
export function describeJobQueueContract(open: OpenStore): void {
  describe('jobs', () => {
    const store = freshStorePerTest(open);
    const { withJob, claimOne } = jobFixtures(store);

    it("releases one owner's leases back to the queue with runAt unchanged", async () => {
      await withJob('job-1', at(1));
      await withJob('job-2', at(2));
      await withJob('job-3', at(3));
      await store().claimJobs('runner-1', at(2), at(60), 10);
      await store().claimJobs('runner-2', at(3), at(60), 10);

      expect(await store().releaseLeases('runner-1', at(4))).toBe(2);
      expect(await store().getJob('job-1')).toMatchObject({ state: 'ready', leaseOwner: null, leaseUntil: null, runAt: at(1), updatedAt: at(4) });
      expect(await store().getJob('job-3')).toMatchObject({ state: 'leased', leaseOwner: 'runner-2' });
      expect(await store().releaseLeases('runner-1', at(5))).toBe(0);
      expect(await store().completeJob('job-1', 'runner-1', at(5))).toBe(false);
      expect((await store().claimJobs('runner-3', at(5), at(60), 10)).map((job) => job.id)).toEqual(['job-1', 'job-2']);
    });

    it('lists an application’s jobs by step', async () => {
      await withJob('job-0');
      await claimOne('runner-1', 1, 60);
      await store().completeJob('job-0', 'runner-1', at(2), newJob('job-1', 'app-of-job-0', { step: 1 }));
      await store().enqueueJob(newJob('job-2', 'app-of-job-0', { step: 2 }), at(3));
      expect((await store().listJobs('app-of-job-0')).map((job) => [job.id, job.state])).toEqual([
        ['job-0', 'done'],
        ['job-1', 'ready'],
        ['job-2', 'ready'],
      ]);
    });

    it('counts jobs by state, done ones aside', async () => {
      expect(await store().countJobs()).toEqual({ ready: 0, leased: 0, waiting: 0, dead: 0 });
      for (const id of ['job-done', 'job-dead', 'job-waiting', 'job-leased']) await withJob(id);
      await store().claimJobs('runner-1', at(1), at(60), 4);
      for (const id of ['job-ready-1', 'job-ready-2']) await withJob(id);
      await store().completeJob('job-done', 'runner-1', at(2));
      await store().deadLetter('job-dead', 'runner-1', at(2), 'refused');
      await store().waitJob('job-waiting', 'runner-1', at(2), 'msg-1', at(600), {});
      expect(await store().countJobs()).toEqual({ ready: 2, leased: 1, waiting: 1, dead: 1 });

      await store().replayDeadLetter('job-dead', at(3));
      await store().resumeWaiting('msg-1', 'tax', { ok: true }, at(3));
      await store().releaseLeases('runner-1', at(3));
      expect(await store().countJobs()).toEqual({ ready: 5, leased: 0, waiting: 0, dead: 0 });
    });

    it('returns job copies and round-trips hostile payloads', async () => {
      const payload = JSON.parse('{"__proto__":{"x":1},"name":"𠮷田 葛\u{E0100}","deep":{"a":[1,2,{"b":null}]}}') as Record<string, unknown>;
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().waitJob('job-1', 'runner-1', at(2), 'корреляция:𠮷', at(600), payload);
      const job = await store().getJob('job-1');
      expect(JSON.stringify(job?.payload)).toBe(JSON.stringify(payload));
      (job?.payload.deep as { a: unknown[] }).a.push('mutated');
      expect(JSON.stringify((await store().getJob('job-1'))?.payload)).toBe(JSON.stringify(payload));
      const resumed = await store().resumeWaiting('корреляция:𠮷', 'tax', JSON.parse('{"__proto__":{"y":2}}') as Record<string, unknown>, at(3));
      expect(JSON.stringify(resumed?.payload.reply)).toBe('{"__proto__":{"y":2}}');
    });
  });
}
