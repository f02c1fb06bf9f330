import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor, AuditEvent, DeadLetterRequest, ReviewRecord, Store } from '../../src/store/types.js';
import { HANAKO, TARO, writeFullApplication } from './retention-fixtures.js';
import { at, newApplication } from './store-fixtures.js';

const OPERATOR: AuditActor = { kind: 'staff', id: 'ops-1', role: 'operator' };
const SECOND_OPERATOR: AuditActor = { kind: 'staff', id: 'ops-2', role: 'operator' };

/** A review as the desk leaves it, for the application `applicationId`. */
function review(applicationId: string, overrides: Partial<ReviewRecord>): ReviewRecord {
  return {
    applicationId,
    procedureId: 'juminhyo-copy',
    step: 'office-review',
    ward: '271276',
    state: 'open',
    approvalsRequired: 2,
    approvals: [],
    claimedBy: null,
    deadline: at(5 * 86_400),
    overdue: false,
    reason: null,
    version: 1,
    createdAt: at(2),
    updatedAt: at(2),
    ...overrides,
  };
}

/** The retention part of the Store contract: finding applications whose period ended, and purging them. */
export function describeRetentionContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract, retention: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    async function ended(id: string, status: 'completed' | 'rejected' | 'issued', second: number, procedureId = 'juminhyo-copy'): Promise<void> {
      const base = newApplication(id);
      await store.createApplication({ ...base, application: { ...base.application, procedureId } });
      await store.appendTimeline(id, { status, at: at(second), source: 'runner', detail: 'done' });
    }

    it('lists terminal applications of one procedure reached at or before the cut-off, oldest first, up to the limit', async () => {
      await ended('app-late', 'completed', 30);
      await ended('app-early', 'rejected', 10);
      await ended('app-middle', 'issued', 20);
      await ended('app-other-procedure', 'completed', 5, 'tax-certificate');
      await store.createApplication(newApplication('app-open'));
      expect(await store.listRetentionEnded('juminhyo-copy', at(30), 10)).toEqual(['app-early', 'app-middle', 'app-late']);
      expect(await store.listRetentionEnded('juminhyo-copy', at(29), 10)).toEqual(['app-early', 'app-middle']);
      expect(await store.listRetentionEnded('juminhyo-copy', at(30), 2)).toEqual(['app-early', 'app-middle']);
      expect(await store.listRetentionEnded('tax-certificate', at(30), 10)).toEqual(['app-other-procedure']);
      expect(await store.listRetentionEnded('juminhyo-copy', at(9), 10)).toEqual([]);
    });

    it('counts a rejection written with a review decision from the decision', async () => {
      await store.createApplication(newApplication('app-rejected'));
      // Listed once before, so that a store that indexes old applications on first use has done so.
      expect(await store.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual([]);
      const rejected = review('app-rejected', { state: 'rejected', reason: '要件を満たしません', updatedAt: at(40) });
      await store.saveReview({ review: rejected, expectedVersion: null, timeline: { status: 'rejected', at: at(40), source: 'staff:clerk-1', detail: 'rejected' } });
      expect(await store.listRetentionEnded('juminhyo-copy', at(39), 10)).toEqual([]);
      expect(await store.listRetentionEnded('juminhyo-copy', at(40), 10)).toEqual(['app-rejected']);
      expect(await store.purgeApplication('app-rejected', at(40), at(50))).toBe(true);
    });

    it('counts from the latest terminal status: an issued certificate that goes on to pickup starts again when picked up', async () => {
      await ended('app-1', 'issued', 10);
      await store.appendTimeline('app-1', { status: 'awaiting-pickup', at: at(11), source: 'convenience-store', detail: 'code sent' });
      expect(await store.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual([]);
      expect(await store.purgeApplication('app-1', at(1000), at(1001))).toBe(false);
      await store.appendTimeline('app-1', { status: 'picked-up', at: at(50), source: 'convenience-store', detail: 'printed' });
      expect(await store.listRetentionEnded('juminhyo-copy', at(49), 10)).toEqual([]);
      expect(await store.listRetentionEnded('juminhyo-copy', at(50), 10)).toEqual(['app-1']);
    });

    it('purges once, only what is due, and never lists a purged application again', async () => {
      await ended('app-1', 'completed', 10);
      expect(await store.purgeApplication('app-1', at(9), at(100))).toBe(false);
      expect(await store.purgeApplication('nope', at(100), at(100))).toBe(false);
      expect(await store.purgeApplication('app-1', at(10), at(100))).toBe(true);
      expect(await store.purgeApplication('app-1', at(10), at(101))).toBe(false);
      expect(await store.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual([]);
      // A late event (a revocation) on a purged application does not bring it back.
      await store.appendTimeline('app-1', { status: 'completed', at: at(200), source: 'staff:ops', detail: 'revoked' });
      expect(await store.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual([]);
      expect((await store.getApplication('app-1'))?.purgedAt).toBe(at(100));
    });

    it('keeps an anonymised record and removes every piece of personal data', async () => {
      const { idempotencyKey, pickupCode } = await writeFullApplication(store, 'app-old', HANAKO, 100);
      await writeFullApplication(store, 'app-new', TARO, 5000);
      const newBefore = {
        application: await store.getApplication('app-new'),
        timeline: await store.getTimeline('app-new'),
        jobs: await store.listJobs('app-new'),
        deliveries: await store.listDeliveries('app-new'),
        certificates: await store.listCertificates('app-new'),
      };
      const timelineBefore = await store.getTimeline('app-old');

      expect(await store.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual(['app-old']);
      expect(await store.purgeApplication('app-old', at(1000), at(9000))).toBe(true);

      const application = await store.getApplication('app-old');
      expect(application).toEqual({
        id: 'app-old',
        procedureId: 'juminhyo-copy',
        clientId: 'frontend-a',
        status: 'issued',
        form: {},
        identity: null,
        payment: null,
        issuance: null,
        accessTokenHash: 'a'.repeat(64),
        createdAt: at(0),
        updatedAt: at(9000),
        purgedAt: at(9000),
      });
      expect(await store.getTimeline('app-old')).toEqual(timelineBefore.map((entry) => ({ ...entry, detail: '' })));
      expect(await store.listJobs('app-old')).toEqual([]);
      expect((await store.listDeadLetters(10)).map((job) => job.applicationId)).toEqual(['app-new']);
      expect(await store.listDeliveries('app-old')).toEqual([
        { applicationId: 'app-old', system: 'welfare', messageId: 'msg-app-old', state: 'dead', attempts: 3, lastError: null, updatedAt: at(4) },
      ]);
      expect(await store.listCertificates('app-old')).toEqual([
        {
          id: 'crt-app-old',
          applicationId: 'app-old',
          type: 'juminhyo-copy',
          document: '',
          documentHash: 'hash-of-crt-app-old',
          signature: 'c2lnbmF0dXJl',
          issuedAt: at(100),
          revokedAt: null,
          revocationReason: null,
          purgedAt: at(9000),
        },
      ]);
      expect(await store.getPickup(pickupCode)).toBeNull();
      expect(await store.getPickupByCertificate('crt-app-old')).toBeNull();
      expect(await store.findPickupByNumber(pickupCode.slice(0, 8))).toBeNull();
      expect(await store.getPickupLock('crt-app-old')).toEqual({ wrongCheckParts: 0, lockedAt: null });
      expect((await store.getPickupLock('crt-app-new')).wrongCheckParts).toBe(1);
      // The submission's idempotency record is gone: the key starts afresh.
      expect(await store.beginIdempotent('frontend-a', idempotencyKey, 'other', at(10), at(600))).toEqual({ outcome: 'started' });
      // The claims stay, so the signature and the payment can still not be used again.
      await expect(store.createApplication(newApplication('app-replay', { claims: [{ kind: 'signature', key: 'digest-app-old' }] }))).rejects.toThrow('claim');

      expect({
        application: await store.getApplication('app-new'),
        timeline: await store.getTimeline('app-new'),
        jobs: await store.listJobs('app-new'),
        deliveries: await store.listDeliveries('app-new'),
        certificates: await store.listCertificates('app-new'),
      }).toEqual(newBefore);
      expect((await store.getCertificate('crt-app-new'))?.document).toContain(TARO.name);
    });

    it('removes a dead letter waiting for a second person with its request, so the request can no longer be approved', async () => {
      await writeFullApplication(store, 'app-old', HANAKO, 100);
      const jobId = 'app-old-send';
      const request: DeadLetterRequest = { jobId, action: 'discard', reason: 'the resident withdrew', requestedBy: OPERATOR, requestedAt: at(200) };
      const audit = (action: AuditEvent['action'], actor = OPERATOR): AuditEvent => ({ at: at(200), actor, action, target: { type: 'dead-letter', id: jobId }, reason: 'the resident withdrew' });
      expect(await store.requestDeadLetterAction(request, audit('dead-letter.discard-requested'))).toBe('requested');

      expect(await store.purgeApplication('app-old', at(1000), at(9000))).toBe(true);

      expect(await store.getDeadLetterRequest(jobId)).toBeNull();
      expect(await store.listDeadLetters(10)).toEqual([]);
      expect(await store.approveDeadLetterAction(request, SECOND_OPERATOR, at(9001), audit('dead-letter.discard', SECOND_OPERATOR))).toBe('no-request');
      expect((await store.listAudit(0, 10)).map((entry) => entry.action)).toEqual(['dead-letter.discard-requested']);
    });

    it('clears the reason of the application’s review and keeps its state, ward, dates and approvals', async () => {
      await ended('app-rejected', 'rejected', 10);
      await ended('app-approved', 'completed', 10);
      const rejected = review('app-rejected', {
        state: 'rejected',
        reason: `${HANAKO.address} は住民票の住所と一致しません`,
        version: 4,
        updatedAt: at(9),
      });
      const approvals = [
        { kind: 'staff', id: 'clerk-1', role: 'clerk', at: at(7) },
        { kind: 'staff', id: 'chief-1', role: 'chief', at: at(8) },
      ] as const;
      const approved = review('app-approved', { state: 'approved', approvals: [...approvals], overdue: true, version: 5, updatedAt: at(8) });
      expect(await store.saveReview({ review: rejected, expectedVersion: null })).toBe(true);
      expect(await store.saveReview({ review: approved, expectedVersion: null })).toBe(true);

      expect(await store.purgeApplication('app-rejected', at(10), at(9000))).toBe(true);
      expect(await store.purgeApplication('app-approved', at(10), at(9000))).toBe(true);

      // The version moves on, so a decision written from what was read before the purge is refused.
      const purgedRejected = await store.getReview('app-rejected');
      expect(purgedRejected).toEqual({ ...rejected, reason: null, version: 5 });
      expect(Array.isArray(purgedRejected?.approvals)).toBe(true);
      expect(await store.getReview('app-approved')).toEqual({ ...approved, version: 6 });
      expect(await store.saveReview({ review: { ...rejected, version: 5 }, expectedVersion: 4 })).toBe(false);
      expect((await store.listReviews({ wards: ['271276'], state: 'rejected', limit: 10 })).map((found) => [found.applicationId, found.reason])).toEqual([
        ['app-rejected', null],
      ]);
    });

    it('loses neither the purge nor a review change written while it runs', async () => {
      await ended('app-1', 'rejected', 10);
      const rejected = review('app-1', { state: 'rejected', reason: `${HANAKO.name} 様の申請は要件を満たしません`, version: 4 });
      await store.saveReview({ review: rejected, expectedVersion: null });
      // An escalation of the same review, sent while the purge is under way.
      const escalated = { ...rejected, overdue: true, version: 5, updatedAt: at(11) };
      const [purged, saved] = await Promise.all([store.purgeApplication('app-1', at(10), at(9000)), store.saveReview({ review: escalated, expectedVersion: 4 })]);
      expect(purged).toBe(true);
      expect(await store.getReview('app-1')).toEqual(saved ? { ...escalated, reason: null, version: 6 } : { ...rejected, reason: null, version: 5 });
    });

    it('leaves an idempotency record that a later request took over with the same key', async () => {
      const { idempotencyKey } = await writeFullApplication(store, 'app-old', HANAKO, 100);
      // The replay window ended, and the client used the key again for another request.
      await store.beginIdempotent('frontend-a', idempotencyKey, 'hash-later', at(100_000), at(200_000));
      await store.completeIdempotent('frontend-a', idempotencyKey, { status: 422, headers: {}, body: '{"type":"/problems/invalid-form"}' });
      expect(await store.purgeApplication('app-old', at(1000), at(150_000))).toBe(true);
      expect(await store.beginIdempotent('frontend-a', idempotencyKey, 'hash-later', at(150_001), at(200_000))).toMatchObject({ outcome: 'completed' });
    });
  });
}
