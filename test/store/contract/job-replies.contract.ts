import { describe, expect, it } from 'vitest';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';
import { jobFixtures } from './job-fixtures.js';

/** Jobs waiting for a reply and resumed by it. */
export function describeJobReplyContract(open: OpenStore): void {
  describe('jobs', () => {
    const store = freshStorePerTest(open);
    const { withJob, claimOne } = jobFixtures(store);

    it('parks a job waiting for a reply, resumes it once with the reply, and ignores a duplicate reply', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      expect(await store().waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { sent: { messageId: 'msg-1' } })).toBe(true);
      expect(await store().getJob('job-1')).toMatchObject({
        state: 'waiting',
        correlationKey: 'msg-1',
        runAt: at(600),
        payload: { sent: { messageId: 'msg-1' } },
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await store().claimJobs('runner-1', at(599), at(700), 10)).toEqual([]);
      expect(await store().resumeWaiting('msg-unknown', 'tax', { ok: true }, at(3))).toBeNull();

      const resumed = await store().resumeWaiting('msg-1', 'tax', { result: 'accepted' }, at(10));
      expect(resumed).toMatchObject({ id: 'job-1', state: 'ready', runAt: at(10), updatedAt: at(10) });
      expect(resumed?.payload).toEqual({ sent: { messageId: 'msg-1' }, reply: { result: 'accepted' } });
      expect(await store().getJob('job-1')).toEqual(resumed);
      expect(await store().resumeWaiting('msg-1', 'tax', { result: 'duplicate' }, at(11))).toBeNull();
      expect((await store().getJob('job-1'))?.payload.reply).toEqual({ result: 'accepted' });

      const claimed = await claimOne('runner-1', 12, 60);
      expect(claimed.payload.reply).toEqual({ result: 'accepted' });
    });

    it('resumes a job only for the system it waits on; another system finds nothing and changes nothing', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { waiting: { correlationKey: 'msg-1', deadline: at(600), system: 'tax' } });
      expect(await store().resumeWaiting('msg-1', 'welfare', { outcome: 'completed' }, at(3))).toBeNull();
      expect(await store().getJob('job-1')).toMatchObject({ state: 'waiting', payload: { waiting: { system: 'tax' } } });
      expect((await store().getJob('job-1'))?.payload.reply).toBeUndefined();
      expect(await store().resumeWaiting('msg-1', 'tax', { outcome: 'completed' }, at(4))).toMatchObject({ id: 'job-1', state: 'ready' });
    });

    it('replaces an earlier reply in the payload rather than nesting it', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { reply: { old: true }, kept: 1 });
      const resumed = await store().resumeWaiting('msg-1', 'tax', { new: true }, at(3));
      expect(resumed?.payload).toEqual({ reply: { new: true }, kept: 1 });
    });

    it('lets only one of two concurrent replies resume the job', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), {});
      const results = await Promise.all([store().resumeWaiting('msg-1', 'tax', { n: 1 }, at(3)), store().resumeWaiting('msg-1', 'tax', { n: 2 }, at(3))]);
      expect(results.filter((job) => job !== null)).toHaveLength(1);
    });

    it('makes a waiting job claimable when its deadline passes, and a late reply then finds nothing', async () => {
      await withJob('job-1');
      await claimOne('runner-1', 1, 60);
      await store().waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { sent: true });
      const timedOut = await claimOne('runner-2', 600, 660);
      expect(timedOut).toMatchObject({ id: 'job-1', state: 'leased', leaseOwner: 'runner-2', payload: { sent: true } });
      expect(await store().resumeWaiting('msg-1', 'tax', { late: true }, at(601))).toBeNull();
      expect((await store().getJob('job-1'))?.payload).toEqual({ sent: true });
    });
  });
}
