import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { type ReviewRecord } from '../../../src/store/types.js';
import { at, newApplication, newJob } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Reviews: compare-and-set writes and the queue listing. */
export function describeReviewContract(open: OpenStore): void {
  describe('reviews', () => {
    const store = freshStorePerTest(open);

    function review(applicationId: string, overrides: Partial<ReviewRecord> = {}): ReviewRecord {
      return {
        applicationId,
        procedureId: 'business-support-grant',
        step: 'office-review',
        ward: '271276',
        state: 'open',
        approvalsRequired: 2,
        approvals: [],
        claimedBy: null,
        deadline: at(5 * 86400),
        overdue: false,
        reason: null,
        version: 1,
        createdAt: at(0),
        updatedAt: at(0),
        ...overrides,
      };
    }

    it('writes a review with its timeline entry and status only while the stored version is the one expected', async () => {
      await store().createApplication(newApplication('app-r'));
      expect(await store().saveReview({ review: review('app-r'), expectedVersion: null, timeline: { status: 'under-review', at: at(1), source: 'review', detail: 'queued' } })).toBe(true);
      // a second opener, and a writer of a stale version, change nothing
      expect(await store().saveReview({ review: review('app-r', { state: 'claimed' }), expectedVersion: null })).toBe(false);
      expect(await store().saveReview({ review: review('app-r', { state: 'approved', version: 3 }), expectedVersion: 2, timeline: { status: 'in-progress', at: at(2), source: 'review', detail: 'x' } })).toBe(false);
      expect(await store().getReview('app-r')).toEqual(review('app-r'));
      expect((await store().getApplication('app-r'))?.status).toBe('under-review');
      expect((await store().getTimeline('app-r')).map((entry) => entry.status)).toEqual(['received', 'under-review']);

      const claimed = review('app-r', { state: 'claimed', claimedBy: { kind: 'staff', id: 'clerk-1', role: 'clerk' }, version: 2, updatedAt: at(3) });
      expect(await store().saveReview({ review: claimed, expectedVersion: 1 })).toBe(true);
      expect(await store().getReview('app-r')).toEqual(claimed);
    });

    it('appends a decision\'s audit entry with the review, and none when the write does not apply', async () => {
      await store().createApplication(newApplication('app-audited'));
      expect(await store().saveReview({ review: review('app-audited'), expectedVersion: null })).toBe(true);
      const audit = { at: at(5), actor: { kind: 'staff' as const, id: 'clerk-1', role: 'clerk' }, action: 'review.claim', target: { type: 'application', id: 'app-audited' } };
      const claimed = review('app-audited', { state: 'claimed', claimedBy: { kind: 'staff', id: 'clerk-1', role: 'clerk' }, version: 2 });
      expect(await store().saveReview({ review: claimed, expectedVersion: 1, audit })).toBe(true);
      expect(await store().saveReview({ review: claimed, expectedVersion: 1, audit: { ...audit, at: at(6) } })).toBe(false);
      const entries = (await store().listAudit(0, 100)).filter((entry) => entry.target.id === 'app-audited');
      expect(entries.map((entry) => [entry.action, entry.actor.id, entry.at])).toEqual([['review.claim', 'clerk-1', at(5)]]);
      await expect(store().saveReview({ review: { ...claimed, version: 3 }, expectedVersion: 2, audit: { ...audit, target: { type: 'application', id: 'has spaces' } } })).rejects.toThrow(/audit event/);
      expect((await store().getReview('app-audited'))?.version).toBe(2);
    });

    it('lets exactly one of concurrent decisions on one version through', async () => {
      await store().createApplication(newApplication('app-c'));
      await store().saveReview({ review: review('app-c'), expectedVersion: null });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store().saveReview({ review: review('app-c', { state: 'claimed', claimedBy: { kind: 'staff', id: `s-${i}`, role: 'clerk' }, version: 2 }), expectedVersion: 1 })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('replaces the form and identity of a correction in the same write', async () => {
      await store().createApplication(newApplication('app-f'));
      await store().saveReview({ review: review('app-f', { state: 'returned' }), expectedVersion: null });
      const correction = { form: { copies: 2 }, identity: { serial: '02CD' } };
      expect(await store().saveReview({ review: review('app-f', { version: 2 }), expectedVersion: 1, correction, timeline: { status: 'under-review', at: at(4), source: 'intake', detail: 'corrected' } })).toBe(true);
      const application = await store().getApplication('app-f');
      expect(application).toMatchObject({ form: { copies: 2 }, identity: { serial: '02CD' }, status: 'under-review' });
      expect(await store().saveReview({ review: review('app-f', { version: 3 }), expectedVersion: 1, correction: { form: { copies: 9 }, identity: null } })).toBe(false);
      expect((await store().getApplication('app-f'))?.form).toEqual({ copies: 2 });
    });

    it('refuses a review of an unknown application', async () => {
      await expect(store().saveReview({ review: review('nobody'), expectedVersion: null })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists reviews oldest first by ward, procedure, state and overdue, page by page', async () => {
      const wards = ['271276', '271195', '271276', '271276', '271233'];
      for (const [i, ward] of wards.entries()) {
        await store().createApplication(newApplication(`app-${i}`, { job: newJob(`job-${i}`, `app-${i}`), claims: [] }));
        await store().saveReview({ review: review(`app-${i}`, { ward, createdAt: at(100 - i * 10), state: i === 3 ? 'approved' : 'open', overdue: i === 2 }), expectedVersion: null });
      }
      const ids = (reviews: ReviewRecord[]) => reviews.map((r) => r.applicationId);
      expect(ids(await store().listReviews({ limit: 10 }))).toEqual(['app-4', 'app-3', 'app-2', 'app-1', 'app-0']);
      expect(ids(await store().listReviews({ wards: ['271276'], limit: 10 }))).toEqual(['app-3', 'app-2', 'app-0']);
      expect(ids(await store().listReviews({ wards: ['271276', '271233'], state: 'open', limit: 10 }))).toEqual(['app-4', 'app-2', 'app-0']);
      expect(ids(await store().listReviews({ overdue: true, limit: 10 }))).toEqual(['app-2']);
      expect(ids(await store().listReviews({ procedureId: 'juminhyo-copy', limit: 10 }))).toEqual([]);
      expect(ids(await store().listReviews({ wards: [], limit: 10 }))).toEqual([]);
      const first = await store().listReviews({ wards: ['271276'], limit: 2 });
      expect(ids(first)).toEqual(['app-3', 'app-2']);
      expect(ids(await store().listReviews({ wards: ['271276'], limit: 2, after: 'app-2' }))).toEqual(['app-0']);
      expect(ids(await store().listReviews({ limit: 2, after: 'unknown' }))).toEqual([]);
    });

    it('lists reviews opened in a time range: from inclusive, before exclusive', async () => {
      for (const i of [0, 1, 2]) {
        await store().createApplication(newApplication(`range-${i}`, { job: newJob(`range-job-${i}`, `range-${i}`), claims: [] }));
        await store().saveReview({ review: review(`range-${i}`, { createdAt: at(500 + i * 10) }), expectedVersion: null });
      }
      const ids = (reviews: ReviewRecord[]) => reviews.map((r) => r.applicationId).filter((id) => id.startsWith('range-'));
      expect(ids(await store().listReviews({ createdFrom: at(510), limit: 10 }))).toEqual(['range-1', 'range-2']);
      expect(ids(await store().listReviews({ createdBefore: at(510), limit: 10 }))).toEqual(['range-0']);
      expect(ids(await store().listReviews({ createdFrom: at(505), createdBefore: at(520), limit: 10 }))).toEqual(['range-1']);
    });
  });
}
