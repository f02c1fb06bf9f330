import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import { ClaimTakenError, type StoredResponse } from '../../../src/store/types.js';
import { at, newApplication, newJob } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

const RESPONSE: StoredResponse = {
  status: 202,
  headers: { 'content-type': 'application/json', location: '/v1/applications/app-1' },
  body: '{"id":"app-1","status":"received"}',
};

/** Intake (`createApplication`): one transaction across applications, claims, the first job and the idempotency record. */
export function describeIntakeContract(open: OpenStore): void {
  describe('applications', () => {
    const store = freshStorePerTest(open);

    it('records the application, its timeline, its first job and takes its claims', async () => {
      const input = newApplication('app-1', {
        timeline: [
          { status: 'received', at: at(0), source: 'intake', detail: 'received' },
          { status: 'verified', at: at(0), source: 'intake', detail: 'signature verified' },
        ],
      });
      await store().createApplication(input);

      expect(await store().getApplication('app-1')).toEqual({ ...input.application, status: 'verified' });
      expect(await store().getTimeline('app-1')).toEqual(input.timeline);
      expect(await store().getJob('app-1-job-0')).toEqual({
        ...input.job,
        state: 'ready',
        attempts: 0,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        correlationKey: null,
        createdAt: at(0),
        updatedAt: at(0),
      });
      await expect(store().createApplication(newApplication('app-2', { claims: input.claims }))).rejects.toBeInstanceOf(ClaimTakenError);
    });

    it('keeps the given status when no timeline entries are given', async () => {
      const input = newApplication('app-1', { timeline: [] });
      input.application.status = 'in-progress';
      await store().createApplication(input);
      expect((await store().getApplication('app-1'))?.status).toBe('in-progress');
      expect(await store().getTimeline('app-1')).toEqual([]);
    });

    it('returns null and empty lists for an unknown application', async () => {
      expect(await store().getApplication('nope')).toBeNull();
      expect(await store().getTimeline('nope')).toEqual([]);
      expect(await store().listJobs('nope')).toEqual([]);
      expect(await store().listDeliveries('nope')).toEqual([]);
      expect(await store().listCertificates('nope')).toEqual([]);
    });

    it('keeps every one of 200 applications created in parallel', async () => {
      const ids = Array.from({ length: 200 }, (_, i) => `app-${i}`);
      await Promise.all(ids.map((id) => store().createApplication(newApplication(id))));
      for (const id of ids) {
        expect((await store().getApplication(id))?.id).toBe(id);
        expect(await store().getTimeline(id)).toHaveLength(1);
        expect(await store().listJobs(id)).toHaveLength(1);
      }
    });

    it('refuses a taken claim with ClaimTakenError and writes nothing of that application', async () => {
      await store().createApplication(newApplication('app-1', { claims: [{ kind: 'payment', key: 'pay-1' }] }));
      await store().beginIdempotent('frontend-a', 'idem-2', 'hash-2', at(0), at(3600));

      const second = newApplication('app-2', {
        claims: [
          { kind: 'signature', key: 'fresh-digest' },
          { kind: 'payment', key: 'pay-1' },
        ],
        idempotency: { clientId: 'frontend-a', key: 'idem-2', response: RESPONSE },
      });
      const error = await store().createApplication(second).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClaimTakenError);
      expect((error as ClaimTakenError).claim).toEqual({ kind: 'payment', key: 'pay-1' });

      expect(await store().getApplication('app-2')).toBeNull();
      expect(await store().getTimeline('app-2')).toEqual([]);
      expect(await store().getJob('app-2-job-0')).toBeNull();
      expect(await store().beginIdempotent('frontend-a', 'idem-2', 'hash-2', at(1), at(3600))).toEqual({ outcome: 'in-flight' });
      // The untaken claim of the refused application stays free.
      await store().createApplication(newApplication('app-3', { claims: [{ kind: 'signature', key: 'fresh-digest' }] }));
      expect(await store().getApplication('app-3')).not.toBeNull();
    });

    it('commits the other applications submitted together with one whose claim is taken', async () => {
      const shared = { kind: 'payment', key: 'pay-shared' };
      const results = await Promise.allSettled([
        store().createApplication(newApplication('app-a', { claims: [shared] })),
        store().createApplication(newApplication('app-b', { claims: [shared] })),
        store().createApplication(newApplication('app-c')),
        store().createApplication(newApplication('app-d')),
      ]);
      const [a, b, c, d] = results;
      expect([a?.status, b?.status].sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = [a, b].find((r) => r?.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ClaimTakenError);
      expect(c?.status).toBe('fulfilled');
      expect(d?.status).toBe('fulfilled');
      const present = await Promise.all(['app-a', 'app-b', 'app-c', 'app-d'].map((id) => store().getApplication(id)));
      expect(present.filter((app) => app !== null).map((app) => app?.id).sort()).toEqual(
        a?.status === 'fulfilled' ? ['app-a', 'app-c', 'app-d'] : ['app-b', 'app-c', 'app-d'],
      );
      const loser = a?.status === 'fulfilled' ? 'app-b' : 'app-a';
      expect(await store().listJobs(loser)).toEqual([]);
    });

    it('refuses a second application with the same id and leaves the first and its claims as they were', async () => {
      await store().createApplication(newApplication('app-1'));
      const again = newApplication('app-1', { claims: [{ kind: 'payment', key: 'other' }], job: newJob('other-job', 'app-1') });
      again.application.procedureId = 'changed';
      const error = await store().createApplication(again).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('duplicate-application');
      expect((await store().getApplication('app-1'))?.procedureId).toBe('juminhyo-copy');
      expect(await store().getJob('other-job')).toBeNull();
      await store().createApplication(newApplication('app-2', { claims: [{ kind: 'payment', key: 'other' }] }));
    });

    it('refuses an application whose first job id exists, writing nothing', async () => {
      await store().createApplication(newApplication('app-1'));
      const error = await store()
        .createApplication(newApplication('app-2', { job: newJob('app-1-job-0', 'app-2') }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('duplicate-job');
      expect(await store().getApplication('app-2')).toBeNull();
      expect((await store().getJob('app-1-job-0'))?.applicationId).toBe('app-1');
    });

    it('completes the idempotency record in the same transaction', async () => {
      expect(await store().beginIdempotent('frontend-a', 'idem-1', 'hash-1', at(0), at(3600))).toEqual({ outcome: 'started' });
      await store().createApplication(newApplication('app-1', { idempotency: { clientId: 'frontend-a', key: 'idem-1', response: RESPONSE } }));
      expect(await store().beginIdempotent('frontend-a', 'idem-1', 'hash-1', at(1), at(3600))).toEqual({ outcome: 'completed', response: RESPONSE });
    });

    it('turns a short in-flight lock into the replay retention when the application is recorded', async () => {
      await store().beginIdempotent('frontend-a', 'idem-lock', 'hash-1', at(0), at(60));
      await store().createApplication(
        newApplication('app-1', { idempotency: { clientId: 'frontend-a', key: 'idem-lock', response: RESPONSE, expiresAt: at(86_400) } }),
      );
      expect(await store().beginIdempotent('frontend-a', 'idem-lock', 'hash-1', at(3600), at(3660))).toEqual({ outcome: 'completed', response: RESPONSE });
      expect(await store().purgeExpiredIdempotency(at(3600))).toBe(0);
      expect(await store().beginIdempotent('frontend-a', 'idem-lock', 'hash-2', at(86_400), at(86_460))).toEqual({ outcome: 'started' });
    });

    it('lets an in-flight lock lapse so a crashed request can be retried', async () => {
      await store().beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(0), at(60));
      expect(await store().beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(30), at(90))).toEqual({ outcome: 'in-flight' });
      expect(await store().beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(60), at(120))).toEqual({ outcome: 'started' });
    });

    it('extends the expiry when completing a key with one', async () => {
      await store().beginIdempotent('frontend-a', 'k-extend', 'h1', at(0), at(60));
      await store().completeIdempotent('frontend-a', 'k-extend', RESPONSE, at(600));
      expect(await store().beginIdempotent('frontend-a', 'k-extend', 'h1', at(300), at(360))).toEqual({ outcome: 'completed', response: RESPONSE });
    });
  });
}
