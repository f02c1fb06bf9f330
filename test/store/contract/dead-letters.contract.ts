import { describe, expect, it } from 'vitest';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';
import { jobFixtures } from './job-fixtures.js';

/** Dead letters: listing with a cursor, replay, discard (named under `jobs`, where they were first written). */
export function describeDeadLetterContract(open: OpenStore): void {
  describe('jobs', () => {
    const store = freshStorePerTest(open);
    const { withJob, claimOne } = jobFixtures(store);

    it('dead-letters a job with its reason, lists dead letters in order with a cursor', async () => {
      for (const [id, second] of [
        ['job-c', 5],
        ['job-a', 7],
        ['job-b', 7],
        ['job-d', 9],
      ] as const) {
        await withJob(id);
        await claimOne('runner-1', 1, 60);
        expect(await store().deadLetter(id, 'runner-1', at(second), `permanent error ${id}`)).toBe(true);
      }
      await withJob('job-alive');

      expect(await store().getJob('job-a')).toMatchObject({ state: 'dead', lastError: 'permanent error job-a', leaseOwner: null, updatedAt: at(7) });
      expect((await store().listDeadLetters(10)).map((job) => job.id)).toEqual(['job-c', 'job-a', 'job-b', 'job-d']);
      const page1 = await store().listDeadLetters(2);
      expect(page1.map((job) => job.id)).toEqual(['job-c', 'job-a']);
      const page2 = await store().listDeadLetters(2, page1.at(-1)?.id);
      expect(page2.map((job) => job.id)).toEqual(['job-b', 'job-d']);
      expect(await store().listDeadLetters(2, 'job-d')).toEqual([]);
      expect(await store().listDeadLetters(0)).toEqual([]);
      expect(await store().claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([expect.objectContaining({ id: 'job-alive' })]);
    });

    it('replays a dead letter: ready now with attempts reset', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().retryJob('job-1', 'runner-1', at(2), at(3), 'timeout');
      await claimOne('runner-1', 3, 60);
      await store().deadLetter('job-1', 'runner-1', at(4), 'retries exhausted');

      expect(await store().replayDeadLetter('job-1', at(50))).toBe(true);
      expect(await store().getJob('job-1')).toMatchObject({ state: 'ready', attempts: 0, runAt: at(50), updatedAt: at(50) });
      expect(await store().listDeadLetters(10)).toEqual([]);
      expect(await store().replayDeadLetter('job-1', at(51))).toBe(false);
      expect(await store().replayDeadLetter('missing', at(51))).toBe(false);
      expect((await store().claimJobs('runner-1', at(50), at(90), 10)).map((job) => job.id)).toEqual(['job-1']);
    });

    it('discards a dead letter, keeping the reason', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().deadLetter('job-1', 'runner-1', at(4), 'refused');
      expect(await store().discardDeadLetter('job-1', at(5), 'duplicate submission')).toBe(true);
      expect(await store().getJob('job-1')).toMatchObject({ state: 'done', lastError: 'discarded: duplicate submission', updatedAt: at(5) });
      expect(await store().listDeadLetters(10)).toEqual([]);
      expect(await store().discardDeadLetter('job-1', at(6), 'again')).toBe(false);
      expect(await store().replayDeadLetter('job-1', at(6))).toBe(false);
      expect(await store().claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([]);
    });
  });
}
