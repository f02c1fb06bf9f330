import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/errors.js';
import { ClaimTakenError, type JobRecord, type PickupRecord, type ReviewRecord, type Store, type StoredResponse } from '../../src/store/types.js';
import { describePrefillChallengeContract } from './prefill-challenges.contract.js';
import { describeStaffSessionContract } from './staff-sessions.contract.js';
import { at, newApplication, newJob } from './store-fixtures.js';

const RESPONSE: StoredResponse = {
  status: 202,
  headers: { 'content-type': 'application/json', location: '/v1/applications/app-1' },
  body: '{"id":"app-1","status":"received"}',
};

/**
 * The Store contract suite. Every implementation runs it unchanged; a rule
 * tested here is a rule callers may rely on.
 */
export function describeStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    /** Creates an application whose first job is `jobId`, ready at `runAt`. */
    async function withJob(jobId: string, runAt = at(0), applicationId = `app-of-${jobId}`): Promise<void> {
      await store.createApplication(newApplication(applicationId, { job: newJob(jobId, applicationId, { runAt }) }));
    }

    async function claimOne(owner: string, now: number, leaseUntil: number): Promise<JobRecord> {
      const [job] = await store.claimJobs(owner, at(now), at(leaseUntil), 1);
      if (!job) throw new Error('expected a job to claim');
      return job;
    }

    describe('applications', () => {
      it('records the application, its timeline, its first job and takes its claims', async () => {
        const input = newApplication('app-1', {
          timeline: [
            { status: 'received', at: at(0), source: 'intake', detail: 'received' },
            { status: 'verified', at: at(0), source: 'intake', detail: 'signature verified' },
          ],
        });
        await store.createApplication(input);

        expect(await store.getApplication('app-1')).toEqual({ ...input.application, status: 'verified' });
        expect(await store.getTimeline('app-1')).toEqual(input.timeline);
        expect(await store.getJob('app-1-job-0')).toEqual({
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
        await expect(store.createApplication(newApplication('app-2', { claims: input.claims }))).rejects.toBeInstanceOf(ClaimTakenError);
      });

      it('keeps the given status when no timeline entries are given', async () => {
        const input = newApplication('app-1', { timeline: [] });
        input.application.status = 'in-progress';
        await store.createApplication(input);
        expect((await store.getApplication('app-1'))?.status).toBe('in-progress');
        expect(await store.getTimeline('app-1')).toEqual([]);
      });

      it('returns null and empty lists for an unknown application', async () => {
        expect(await store.getApplication('nope')).toBeNull();
        expect(await store.getTimeline('nope')).toEqual([]);
        expect(await store.listJobs('nope')).toEqual([]);
        expect(await store.listDeliveries('nope')).toEqual([]);
        expect(await store.listCertificates('nope')).toEqual([]);
      });

      it('keeps every one of 200 applications created in parallel', async () => {
        const ids = Array.from({ length: 200 }, (_, i) => `app-${i}`);
        await Promise.all(ids.map((id) => store.createApplication(newApplication(id))));
        for (const id of ids) {
          expect((await store.getApplication(id))?.id).toBe(id);
          expect(await store.getTimeline(id)).toHaveLength(1);
          expect(await store.listJobs(id)).toHaveLength(1);
        }
      });

      it('refuses a taken claim with ClaimTakenError and writes nothing of that application', async () => {
        await store.createApplication(newApplication('app-1', { claims: [{ kind: 'payment', key: 'pay-1' }] }));
        await store.beginIdempotent('frontend-a', 'idem-2', 'hash-2', at(0), at(3600));

        const second = newApplication('app-2', {
          claims: [
            { kind: 'signature', key: 'fresh-digest' },
            { kind: 'payment', key: 'pay-1' },
          ],
          idempotency: { clientId: 'frontend-a', key: 'idem-2', response: RESPONSE },
        });
        const error = await store.createApplication(second).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ClaimTakenError);
        expect((error as ClaimTakenError).claim).toEqual({ kind: 'payment', key: 'pay-1' });

        expect(await store.getApplication('app-2')).toBeNull();
        expect(await store.getTimeline('app-2')).toEqual([]);
        expect(await store.getJob('app-2-job-0')).toBeNull();
        expect(await store.beginIdempotent('frontend-a', 'idem-2', 'hash-2', at(1), at(3600))).toEqual({ outcome: 'in-flight' });
        // The untaken claim of the refused application stays free.
        await store.createApplication(newApplication('app-3', { claims: [{ kind: 'signature', key: 'fresh-digest' }] }));
        expect(await store.getApplication('app-3')).not.toBeNull();
      });

      it('commits the other applications submitted together with one whose claim is taken', async () => {
        const shared = { kind: 'payment', key: 'pay-shared' };
        const results = await Promise.allSettled([
          store.createApplication(newApplication('app-a', { claims: [shared] })),
          store.createApplication(newApplication('app-b', { claims: [shared] })),
          store.createApplication(newApplication('app-c')),
          store.createApplication(newApplication('app-d')),
        ]);
        const [a, b, c, d] = results;
        expect([a?.status, b?.status].sort()).toEqual(['fulfilled', 'rejected']);
        const rejected = [a, b].find((r) => r?.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(ClaimTakenError);
        expect(c?.status).toBe('fulfilled');
        expect(d?.status).toBe('fulfilled');
        const present = await Promise.all(['app-a', 'app-b', 'app-c', 'app-d'].map((id) => store.getApplication(id)));
        expect(present.filter((app) => app !== null).map((app) => app?.id).sort()).toEqual(
          a?.status === 'fulfilled' ? ['app-a', 'app-c', 'app-d'] : ['app-b', 'app-c', 'app-d'],
        );
        const loser = a?.status === 'fulfilled' ? 'app-b' : 'app-a';
        expect(await store.listJobs(loser)).toEqual([]);
      });

      it('refuses a second application with the same id and leaves the first and its claims as they were', async () => {
        await store.createApplication(newApplication('app-1'));
        const again = newApplication('app-1', { claims: [{ kind: 'payment', key: 'other' }], job: newJob('other-job', 'app-1') });
        again.application.procedureId = 'changed';
        const error = await store.createApplication(again).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('duplicate-application');
        expect((await store.getApplication('app-1'))?.procedureId).toBe('juminhyo-copy');
        expect(await store.getJob('other-job')).toBeNull();
        await store.createApplication(newApplication('app-2', { claims: [{ kind: 'payment', key: 'other' }] }));
      });

      it('refuses an application whose first job id exists, writing nothing', async () => {
        await store.createApplication(newApplication('app-1'));
        const error = await store
          .createApplication(newApplication('app-2', { job: newJob('app-1-job-0', 'app-2') }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('duplicate-job');
        expect(await store.getApplication('app-2')).toBeNull();
        expect((await store.getJob('app-1-job-0'))?.applicationId).toBe('app-1');
      });

      it('completes the idempotency record in the same transaction', async () => {
        expect(await store.beginIdempotent('frontend-a', 'idem-1', 'hash-1', at(0), at(3600))).toEqual({ outcome: 'started' });
        await store.createApplication(newApplication('app-1', { idempotency: { clientId: 'frontend-a', key: 'idem-1', response: RESPONSE } }));
        expect(await store.beginIdempotent('frontend-a', 'idem-1', 'hash-1', at(1), at(3600))).toEqual({ outcome: 'completed', response: RESPONSE });
      });

      it('turns a short in-flight lock into the replay retention when the application is recorded', async () => {
        await store.beginIdempotent('frontend-a', 'idem-lock', 'hash-1', at(0), at(60));
        await store.createApplication(
          newApplication('app-1', { idempotency: { clientId: 'frontend-a', key: 'idem-lock', response: RESPONSE, expiresAt: at(86_400) } }),
        );
        expect(await store.beginIdempotent('frontend-a', 'idem-lock', 'hash-1', at(3600), at(3660))).toEqual({ outcome: 'completed', response: RESPONSE });
        expect(await store.purgeExpiredIdempotency(at(3600))).toBe(0);
        expect(await store.beginIdempotent('frontend-a', 'idem-lock', 'hash-2', at(86_400), at(86_460))).toEqual({ outcome: 'started' });
      });

      it('lets an in-flight lock lapse so a crashed request can be retried', async () => {
        await store.beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(0), at(60));
        expect(await store.beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(30), at(90))).toEqual({ outcome: 'in-flight' });
        expect(await store.beginIdempotent('frontend-a', 'idem-crash', 'hash-1', at(60), at(120))).toEqual({ outcome: 'started' });
      });

      it('extends the expiry when completing a key with one', async () => {
        await store.beginIdempotent('frontend-a', 'k-extend', 'h1', at(0), at(60));
        await store.completeIdempotent('frontend-a', 'k-extend', RESPONSE, at(600));
        expect(await store.beginIdempotent('frontend-a', 'k-extend', 'h1', at(300), at(360))).toEqual({ outcome: 'completed', response: RESPONSE });
      });

      it('appends timeline entries in order and moves the status with them', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.appendTimeline('app-1', { status: 'in-progress', at: at(5), source: 'runner', detail: 'sent to registry' });
        await store.appendTimeline('app-1', { status: 'awaiting-reply', at: at(6), source: 'runner', detail: 'waiting' });
        await store.appendTimeline('app-1', { status: 'in-progress', at: at(7), source: 'resident-registry', detail: 'reply' });
        expect((await store.getTimeline('app-1')).map((entry) => entry.status)).toEqual(['received', 'in-progress', 'awaiting-reply', 'in-progress']);
        const application = await store.getApplication('app-1');
        expect(application?.status).toBe('in-progress');
        expect(application?.updatedAt).toBe(at(7));
      });

      it('refuses a timeline entry for an unknown application', async () => {
        const error = await store
          .appendTimeline('nope', { status: 'failed', at: at(1), source: 'runner', detail: 'x' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(await store.getTimeline('nope')).toEqual([]);
      });

      it('merges identity, payment and issuance patches, clears with null, and leaves absent fields', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.updateApplication('app-1', { identity: { residentCode: '123' }, payment: { paymentId: 'p-1' } }, at(9));
        let application = await store.getApplication('app-1');
        expect(application?.identity).toEqual({ serial: '01AB', signingTime: at(0), residentCode: '123' });
        expect(application?.payment).toEqual({ paymentId: 'p-1' });
        expect(application?.issuance).toEqual({ method: 'electronic' });
        expect(application?.updatedAt).toBe(at(9));

        await store.updateApplication('app-1', { identity: { serial: '02CD' }, issuance: null }, at(10));
        application = await store.getApplication('app-1');
        expect(application?.identity).toEqual({ serial: '02CD', signingTime: at(0), residentCode: '123' });
        expect(application?.issuance).toBeNull();
        expect(application?.payment).toEqual({ paymentId: 'p-1' });
      });

      it('keeps every merge of concurrent updates to one application', async () => {
        await store.createApplication(newApplication('app-1'));
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.updateApplication('app-1', { identity: { [`k${i}`]: i } }, at(i))));
        const identity = (await store.getApplication('app-1'))?.identity ?? {};
        for (let i = 0; i < 20; i++) expect(identity[`k${i}`]).toBe(i);
      });

      it('refuses to update an unknown application', async () => {
        await expect(store.updateApplication('nope', { identity: {} }, at(1))).rejects.toBeInstanceOf(NotFoundError);
      });

      it('returns copies: changing a returned record changes nothing stored', async () => {
        await store.createApplication(newApplication('app-1'));
        const application = await store.getApplication('app-1');
        if (!application) throw new Error('missing');
        (application.form as { copies: number }).copies = 99;
        (application.form.name as { family: string }).family = 'changed';
        application.status = 'failed';
        const timeline = await store.getTimeline('app-1');
        timeline.push({ status: 'failed', at: at(1), source: 'x', detail: 'x' });
        const again = await store.getApplication('app-1');
        expect(again?.form).toEqual({ copies: 1, purpose: '年金の手続', name: { family: '山田', given: '太郎' } });
        expect(again?.status).toBe('received');
        expect(await store.getTimeline('app-1')).toHaveLength(1);
      });

      it('does not keep a reference to the input it was given', async () => {
        const input = newApplication('app-1');
        await store.createApplication(input);
        (input.application.form as { copies: number }).copies = 42;
        expect((await store.getApplication('app-1'))?.form.copies).toBe(1);
      });

      it('round-trips hostile form data byte-exact: __proto__ keys, 𠮷, IVS sequences, lone surrogates, control characters', async () => {
        const formJson =
          '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"name":"𠮷野家 葛\u{E0100}城 辻\u{E0101}",' +
          '"kana":"ﾔﾏﾀﾞ ﾀﾛｳ","wave":"〜～","quote":"\\"\\\\\\n\\u0000\\u2028","lone":"\\ud842","emoji":"👨‍👩‍👧",' +
          '"nested":{"__proto__":[1,{"__proto__":null}]},"big":12345678901234567890,"float":0.1,"neg":-0,"empty":{},"list":[]}';
        const form = JSON.parse(formJson) as Record<string, unknown>;
        const input = newApplication('app-1');
        input.application.form = form;
        await store.createApplication(input);

        const stored = await store.getApplication('app-1');
        expect(JSON.stringify(stored?.form)).toBe(JSON.stringify(form));
        expect(Buffer.from(JSON.stringify(stored?.form), 'utf8').equals(Buffer.from(JSON.stringify(form), 'utf8'))).toBe(true);
        expect(Object.getPrototypeOf(stored?.form)).toBe(Object.prototype);
        expect(Object.hasOwn(stored?.form ?? {}, '__proto__')).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(stored?.form.empty).toEqual({});
        expect(stored?.form.list).toEqual([]);
      });

      it('round-trips a large form and deep nesting', async () => {
        let deep: unknown = { leaf: '𠮷' };
        for (let i = 0; i < 200; i++) deep = { level: i, child: deep };
        const form: Record<string, unknown> = { deep, note: '住所'.repeat(250_000) };
        for (let i = 0; i < 5_000; i++) form[`field-${i}`] = `値${i}`;
        const input = newApplication('app-1');
        input.application.form = form;
        await store.createApplication(input);
        expect(JSON.stringify((await store.getApplication('app-1'))?.form)).toBe(JSON.stringify(form));
      });

      it('keeps ids and claim keys with separators and unusual characters apart', async () => {
        const ids = ['a:b', 'a', 'b', 'a\u0000b', '𠮷:1', '__proto__'];
        await Promise.all(ids.map((id, i) => store.createApplication(newApplication(id, { job: newJob(`job-${i}`, id), claims: [{ kind: 'k:x', key: id }] }))));
        for (const id of ids) expect((await store.getApplication(id))?.id).toBe(id);
        await store.createApplication(newApplication('other', { claims: [{ kind: 'k', key: 'x:a:b' }] }));
      });
    });

    describe('idempotency', () => {
      it('starts a new key, then reports it in flight for the same request', async () => {
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(1), at(60))).toEqual({ outcome: 'in-flight' });
      });

      it('reports a mismatch for another request body, in flight or completed', async () => {
        await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'mismatch' });
        await store.completeIdempotent('frontend-a', 'k1', RESPONSE);
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(2), at(60))).toEqual({ outcome: 'mismatch' });
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(3), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
      });

      it('replays the stored response as a copy', async () => {
        await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
        await store.completeIdempotent('frontend-a', 'k1', RESPONSE);
        const first = await store.beginIdempotent('frontend-a', 'k1', 'h1', at(1), at(60));
        if (first.outcome !== 'completed') throw new Error('expected completed');
        first.response.headers.location = 'changed';
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
      });

      it('lets exactly one of two concurrent begins start', async () => {
        const outcomes = await Promise.all([
          store.beginIdempotent('frontend-a', 'race', 'h1', at(0), at(60)),
          store.beginIdempotent('frontend-a', 'race', 'h1', at(0), at(60)),
        ]);
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['in-flight', 'started']);
      });

      it('lets exactly one of 50 concurrent begins start, mixed bodies reporting mismatch', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.beginIdempotent('frontend-a', 'race', i % 2 === 0 ? 'even' : 'odd', at(0), at(60))),
        );
        const started = outcomes.filter((o) => o.outcome === 'started');
        expect(started).toHaveLength(1);
        expect(outcomes.filter((o) => o.outcome === 'in-flight')).toHaveLength(24);
        expect(outcomes.filter((o) => o.outcome === 'mismatch')).toHaveLength(25);
      });

      it('scopes keys to the client', async () => {
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
        expect(await store.beginIdempotent('frontend-b', 'k1', 'h2', at(0), at(60))).toEqual({ outcome: 'started' });
        await store.completeIdempotent('frontend-a', 'k1', RESPONSE);
        expect(await store.beginIdempotent('frontend-b', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'in-flight' });
        await store.abandonIdempotent('frontend-b', 'k1');
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
      });

      it('keeps client and key apart even when they contain separators', async () => {
        expect(await store.beginIdempotent('a:b', 'c', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
        expect(await store.beginIdempotent('a', 'b:c', 'h2', at(0), at(60))).toEqual({ outcome: 'started' });
      });

      it('treats an expired record as absent', async () => {
        await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
        await store.completeIdempotent('frontend-a', 'k1', RESPONSE);
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h1', at(59), at(120))).toEqual({ outcome: 'completed', response: RESPONSE });
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(60), at(120))).toEqual({ outcome: 'started' });
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(61), at(120))).toEqual({ outcome: 'in-flight' });
      });

      it('forgets an abandoned in-flight key but never a completed one', async () => {
        await store.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
        await store.abandonIdempotent('frontend-a', 'k1');
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'started' });
        await store.completeIdempotent('frontend-a', 'k1', RESPONSE);
        await store.abandonIdempotent('frontend-a', 'k1');
        expect(await store.beginIdempotent('frontend-a', 'k1', 'h2', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
        await store.abandonIdempotent('frontend-a', 'unknown');
      });

      it('stores nothing when completing a key that was never begun', async () => {
        await store.completeIdempotent('frontend-a', 'never', RESPONSE);
        expect(await store.beginIdempotent('frontend-a', 'never', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
      });

      it('purges only the records that expired, and counts them', async () => {
        await store.beginIdempotent('frontend-a', 'old-1', 'h', at(0), at(10));
        await store.beginIdempotent('frontend-a', 'old-2', 'h', at(0), at(20));
        await store.completeIdempotent('frontend-a', 'old-2', RESPONSE);
        await store.beginIdempotent('frontend-a', 'live', 'h', at(0), at(100));
        await store.completeIdempotent('frontend-a', 'live', RESPONSE);

        expect(await store.purgeExpiredIdempotency(at(20))).toBe(2);
        expect(await store.purgeExpiredIdempotency(at(20))).toBe(0);
        expect(await store.beginIdempotent('frontend-a', 'live', 'h', at(21), at(100))).toEqual({ outcome: 'completed', response: RESPONSE });
        expect(await store.beginIdempotent('frontend-a', 'old-2', 'other', at(21), at(100))).toEqual({ outcome: 'started' });
      });
    });

    describe('jobs', () => {
      it('enqueues a ready job', async () => {
        await withJob('job-0');
        await store.enqueueJob(newJob('job-1', 'app-of-job-0', { step: 1, name: 'send-tax', runAt: at(5) }), at(2));
        expect(await store.getJob('job-1')).toEqual({
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
        expect((await store.listJobs('app-of-job-0')).map((job) => job.id)).toEqual(['job-0', 'job-1']);
      });

      it('refuses a job for an unknown application and a duplicate job id', async () => {
        await expect(store.enqueueJob(newJob('job-x', 'nope'), at(0))).rejects.toBeInstanceOf(NotFoundError);
        await withJob('job-0');
        const error = await store.enqueueJob(newJob('job-0', 'app-of-job-0', { name: 'other' }), at(1)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((await store.getJob('job-0'))?.name).toBe('lookup-resident');
      });

      it('claims due jobs in runAt order up to the limit, and leases them', async () => {
        await withJob('job-late', at(30));
        await withJob('job-b', at(10));
        await withJob('job-a', at(10));
        await withJob('job-first', at(5));
        await withJob('job-future', at(100));

        const claimed = await store.claimJobs('runner-1', at(30), at(90), 3);
        expect(claimed.map((job) => job.id)).toEqual(['job-first', 'job-a', 'job-b']);
        for (const job of claimed) {
          expect(job).toMatchObject({ state: 'leased', leaseOwner: 'runner-1', leaseUntil: at(90), attempts: 0 });
          expect(await store.getJob(job.id)).toEqual(job);
        }
        expect((await store.claimJobs('runner-2', at(31), at(90), 10)).map((job) => job.id)).toEqual(['job-late']);
        expect(await store.claimJobs('runner-2', at(32), at(90), 10)).toEqual([]);
        expect(await store.claimJobs('runner-2', at(32), at(90), 0)).toEqual([]);
      });

      it('never hands one job to two concurrent claimers', async () => {
        await Promise.all(Array.from({ length: 30 }, (_, i) => withJob(`job-${i}`)));
        const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => store.claimJobs(`runner-${i}`, at(1), at(60), 8)));
        const ids = batches.flat().map((job) => job.id);
        expect(ids).toHaveLength(30);
        expect(new Set(ids).size).toBe(30);
      });

      it('reclaims a job whose lease expired, and the old owner can no longer act on it', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        expect(await store.claimJobs('runner-2', at(60), at(120), 10)).toEqual([]);
        const stolen = await claimOne('runner-2', 61, 120);
        expect(stolen).toMatchObject({ id: 'job-1', leaseOwner: 'runner-2', leaseUntil: at(120) });

        expect(await store.completeJob('job-1', 'runner-1', at(62))).toBe(false);
        expect(await store.extendLease('job-1', 'runner-1', at(500))).toBe(false);
        expect(await store.retryJob('job-1', 'runner-1', at(62), at(70), 'late')).toBe(false);
        expect(await store.waitJob('job-1', 'runner-1', at(62), 'msg-1', at(300), {})).toBe(false);
        expect(await store.deadLetter('job-1', 'runner-1', at(62), 'late')).toBe(false);
        expect(await store.getJob('job-1')).toEqual(stolen);

        expect(await store.completeJob('job-1', 'runner-2', at(63))).toBe(true);
        expect(await store.getJob('job-1')).toMatchObject({ state: 'done', leaseOwner: null, leaseUntil: null, updatedAt: at(63) });
      });

      it('extends a lease held by its owner so it is not reclaimed', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        expect(await store.extendLease('job-1', 'runner-1', at(120))).toBe(true);
        expect((await store.getJob('job-1'))?.leaseUntil).toBe(at(120));
        expect(await store.claimJobs('runner-2', at(90), at(200), 10)).toEqual([]);
        expect((await store.claimJobs('runner-2', at(121), at(200), 10)).map((job) => job.id)).toEqual(['job-1']);
      });

      it('acts only on leased jobs: a ready, done or unknown job is refused', async () => {
        await withJob('job-1');
        expect(await store.completeJob('job-1', 'runner-1', at(1))).toBe(false);
        expect(await store.extendLease('job-1', 'runner-1', at(100))).toBe(false);
        expect(await store.deadLetter('job-1', 'runner-1', at(1), 'x')).toBe(false);
        expect((await store.getJob('job-1'))?.state).toBe('ready');
        expect(await store.completeJob('missing', 'runner-1', at(1))).toBe(false);
        expect(await store.getJob('missing')).toBeNull();

        await claimOne('runner-1', 1, 60);
        expect(await store.completeJob('job-1', 'runner-1', at(2))).toBe(true);
        expect(await store.completeJob('job-1', 'runner-1', at(3))).toBe(false);
        expect(await store.claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([]);
      });

      it('completes a job and enqueues the next one atomically', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        const next = newJob('job-2', 'app-of-job-1', { step: 1, name: 'issue-certificate', payload: { resident: { code: '1' } }, runAt: at(2) });
        expect(await store.completeJob('job-1', 'runner-1', at(2), next)).toBe(true);
        expect(await store.getJob('job-2')).toMatchObject({ state: 'ready', step: 1, payload: { resident: { code: '1' } }, createdAt: at(2) });
        expect((await store.claimJobs('runner-1', at(2), at(60), 10)).map((job) => job.id)).toEqual(['job-2']);
      });

      it('does not complete a job when its next job cannot be written, while other writes still commit', async () => {
        await withJob('job-1');
        await withJob('job-other');
        await store.claimJobs('runner-1', at(1), at(60), 10);
        const [bad, good] = await Promise.allSettled([
          store.completeJob('job-1', 'runner-1', at(2), newJob('job-1-next', 'no-such-application')),
          store.completeJob('job-other', 'runner-1', at(2)),
        ]);
        expect(bad?.status).toBe('rejected');
        expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
        expect(good).toEqual({ status: 'fulfilled', value: true });
        expect(await store.getJob('job-1')).toMatchObject({ state: 'leased', leaseOwner: 'runner-1' });
        expect(await store.getJob('job-1-next')).toBeNull();
        expect((await store.getJob('job-other'))?.state).toBe('done');
      });

      it('retries a job later, counting the attempt and keeping the error', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        expect(await store.retryJob('job-1', 'runner-1', at(2), at(30), 'registry timed out')).toBe(true);
        expect(await store.getJob('job-1')).toMatchObject({
          state: 'ready',
          attempts: 1,
          lastError: 'registry timed out',
          runAt: at(30),
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: at(2),
        });
        expect(await store.claimJobs('runner-1', at(29), at(90), 10)).toEqual([]);
        await claimOne('runner-1', 30, 90);
        expect(await store.retryJob('job-1', 'runner-1', at(31), at(40), 'again')).toBe(true);
        expect((await store.getJob('job-1'))?.attempts).toBe(2);
      });

      it('parks a job waiting for a reply, resumes it once with the reply, and ignores a duplicate reply', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        expect(await store.waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { sent: { messageId: 'msg-1' } })).toBe(true);
        expect(await store.getJob('job-1')).toMatchObject({
          state: 'waiting',
          correlationKey: 'msg-1',
          runAt: at(600),
          payload: { sent: { messageId: 'msg-1' } },
          leaseOwner: null,
          leaseUntil: null,
        });
        expect(await store.claimJobs('runner-1', at(599), at(700), 10)).toEqual([]);
        expect(await store.resumeWaiting('msg-unknown', 'tax', { ok: true }, at(3))).toBeNull();

        const resumed = await store.resumeWaiting('msg-1', 'tax', { result: 'accepted' }, at(10));
        expect(resumed).toMatchObject({ id: 'job-1', state: 'ready', runAt: at(10), updatedAt: at(10) });
        expect(resumed?.payload).toEqual({ sent: { messageId: 'msg-1' }, reply: { result: 'accepted' } });
        expect(await store.getJob('job-1')).toEqual(resumed);
        expect(await store.resumeWaiting('msg-1', 'tax', { result: 'duplicate' }, at(11))).toBeNull();
        expect((await store.getJob('job-1'))?.payload.reply).toEqual({ result: 'accepted' });

        const claimed = await claimOne('runner-1', 12, 60);
        expect(claimed.payload.reply).toEqual({ result: 'accepted' });
      });

      it('resumes a job only for the system it waits on; another system finds nothing and changes nothing', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { waiting: { correlationKey: 'msg-1', deadline: at(600), system: 'tax' } });
        expect(await store.resumeWaiting('msg-1', 'welfare', { outcome: 'completed' }, at(3))).toBeNull();
        expect(await store.getJob('job-1')).toMatchObject({ state: 'waiting', payload: { waiting: { system: 'tax' } } });
        expect((await store.getJob('job-1'))?.payload.reply).toBeUndefined();
        expect(await store.resumeWaiting('msg-1', 'tax', { outcome: 'completed' }, at(4))).toMatchObject({ id: 'job-1', state: 'ready' });
      });

      it('replaces an earlier reply in the payload rather than nesting it', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { reply: { old: true }, kept: 1 });
        const resumed = await store.resumeWaiting('msg-1', 'tax', { new: true }, at(3));
        expect(resumed?.payload).toEqual({ reply: { new: true }, kept: 1 });
      });

      it('lets only one of two concurrent replies resume the job', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), {});
        const results = await Promise.all([store.resumeWaiting('msg-1', 'tax', { n: 1 }, at(3)), store.resumeWaiting('msg-1', 'tax', { n: 2 }, at(3))]);
        expect(results.filter((job) => job !== null)).toHaveLength(1);
      });

      it('makes a waiting job claimable when its deadline passes, and a late reply then finds nothing', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.waitJob('job-1', 'runner-1', at(2), 'msg-1', at(600), { sent: true });
        const timedOut = await claimOne('runner-2', 600, 660);
        expect(timedOut).toMatchObject({ id: 'job-1', state: 'leased', leaseOwner: 'runner-2', payload: { sent: true } });
        expect(await store.resumeWaiting('msg-1', 'tax', { late: true }, at(601))).toBeNull();
        expect((await store.getJob('job-1'))?.payload).toEqual({ sent: true });
      });

      it('dead-letters a job with its reason, lists dead letters in order with a cursor', async () => {
        for (const [id, second] of [
          ['job-c', 5],
          ['job-a', 7],
          ['job-b', 7],
          ['job-d', 9],
        ] as const) {
          await withJob(id);
          await claimOne('runner-1', 1, 60);
          expect(await store.deadLetter(id, 'runner-1', at(second), `permanent error ${id}`)).toBe(true);
        }
        await withJob('job-alive');

        expect(await store.getJob('job-a')).toMatchObject({ state: 'dead', lastError: 'permanent error job-a', leaseOwner: null, updatedAt: at(7) });
        expect((await store.listDeadLetters(10)).map((job) => job.id)).toEqual(['job-c', 'job-a', 'job-b', 'job-d']);
        const page1 = await store.listDeadLetters(2);
        expect(page1.map((job) => job.id)).toEqual(['job-c', 'job-a']);
        const page2 = await store.listDeadLetters(2, page1.at(-1)?.id);
        expect(page2.map((job) => job.id)).toEqual(['job-b', 'job-d']);
        expect(await store.listDeadLetters(2, 'job-d')).toEqual([]);
        expect(await store.listDeadLetters(0)).toEqual([]);
        expect(await store.claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([expect.objectContaining({ id: 'job-alive' })]);
      });

      it('replays a dead letter: ready now with attempts reset', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.retryJob('job-1', 'runner-1', at(2), at(3), 'timeout');
        await claimOne('runner-1', 3, 60);
        await store.deadLetter('job-1', 'runner-1', at(4), 'retries exhausted');

        expect(await store.replayDeadLetter('job-1', at(50))).toBe(true);
        expect(await store.getJob('job-1')).toMatchObject({ state: 'ready', attempts: 0, runAt: at(50), updatedAt: at(50) });
        expect(await store.listDeadLetters(10)).toEqual([]);
        expect(await store.replayDeadLetter('job-1', at(51))).toBe(false);
        expect(await store.replayDeadLetter('missing', at(51))).toBe(false);
        expect((await store.claimJobs('runner-1', at(50), at(90), 10)).map((job) => job.id)).toEqual(['job-1']);
      });

      it('discards a dead letter, keeping the reason', async () => {
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.deadLetter('job-1', 'runner-1', at(4), 'refused');
        expect(await store.discardDeadLetter('job-1', at(5), 'duplicate submission')).toBe(true);
        expect(await store.getJob('job-1')).toMatchObject({ state: 'done', lastError: 'discarded: duplicate submission', updatedAt: at(5) });
        expect(await store.listDeadLetters(10)).toEqual([]);
        expect(await store.discardDeadLetter('job-1', at(6), 'again')).toBe(false);
        expect(await store.replayDeadLetter('job-1', at(6))).toBe(false);
        expect(await store.claimJobs('runner-1', at(1000), at(2000), 10)).toEqual([]);
      });

      it("releases one owner's leases back to the queue with runAt unchanged", async () => {
        await withJob('job-1', at(1));
        await withJob('job-2', at(2));
        await withJob('job-3', at(3));
        await store.claimJobs('runner-1', at(2), at(60), 10);
        await store.claimJobs('runner-2', at(3), at(60), 10);

        expect(await store.releaseLeases('runner-1', at(4))).toBe(2);
        expect(await store.getJob('job-1')).toMatchObject({ state: 'ready', leaseOwner: null, leaseUntil: null, runAt: at(1), updatedAt: at(4) });
        expect(await store.getJob('job-3')).toMatchObject({ state: 'leased', leaseOwner: 'runner-2' });
        expect(await store.releaseLeases('runner-1', at(5))).toBe(0);
        expect(await store.completeJob('job-1', 'runner-1', at(5))).toBe(false);
        expect((await store.claimJobs('runner-3', at(5), at(60), 10)).map((job) => job.id)).toEqual(['job-1', 'job-2']);
      });

      it('lists an application’s jobs by step', async () => {
        await withJob('job-0');
        await claimOne('runner-1', 1, 60);
        await store.completeJob('job-0', 'runner-1', at(2), newJob('job-1', 'app-of-job-0', { step: 1 }));
        await store.enqueueJob(newJob('job-2', 'app-of-job-0', { step: 2 }), at(3));
        expect((await store.listJobs('app-of-job-0')).map((job) => [job.id, job.state])).toEqual([
          ['job-0', 'done'],
          ['job-1', 'ready'],
          ['job-2', 'ready'],
        ]);
      });

      it('counts jobs by state, done ones aside', async () => {
        expect(await store.countJobs()).toEqual({ ready: 0, leased: 0, waiting: 0, dead: 0 });
        for (const id of ['job-done', 'job-dead', 'job-waiting', 'job-leased']) await withJob(id);
        await store.claimJobs('runner-1', at(1), at(60), 4);
        for (const id of ['job-ready-1', 'job-ready-2']) await withJob(id);
        await store.completeJob('job-done', 'runner-1', at(2));
        await store.deadLetter('job-dead', 'runner-1', at(2), 'refused');
        await store.waitJob('job-waiting', 'runner-1', at(2), 'msg-1', at(600), {});
        expect(await store.countJobs()).toEqual({ ready: 2, leased: 1, waiting: 1, dead: 1 });

        await store.replayDeadLetter('job-dead', at(3));
        await store.resumeWaiting('msg-1', 'tax', { ok: true }, at(3));
        await store.releaseLeases('runner-1', at(3));
        expect(await store.countJobs()).toEqual({ ready: 5, leased: 0, waiting: 0, dead: 0 });
      });

      it('returns job copies and round-trips hostile payloads', async () => {
        const payload = JSON.parse('{"__proto__":{"x":1},"name":"𠮷田 葛\u{E0100}","deep":{"a":[1,2,{"b":null}]}}') as Record<string, unknown>;
        await withJob('job-1');
        await claimOne('runner-1', 1, 60);
        await store.waitJob('job-1', 'runner-1', at(2), 'корреляция:𠮷', at(600), payload);
        const job = await store.getJob('job-1');
        expect(JSON.stringify(job?.payload)).toBe(JSON.stringify(payload));
        (job?.payload.deep as { a: unknown[] }).a.push('mutated');
        expect(JSON.stringify((await store.getJob('job-1'))?.payload)).toBe(JSON.stringify(payload));
        const resumed = await store.resumeWaiting('корреляция:𠮷', 'tax', JSON.parse('{"__proto__":{"y":2}}') as Record<string, unknown>, at(3));
        expect(JSON.stringify(resumed?.payload.reply)).toBe('{"__proto__":{"y":2}}');
      });
    });

    describe('deliveries', () => {
      it('upserts deliveries by application, system and message id', async () => {
        await store.createApplication(newApplication('app-1'));
        const base = { applicationId: 'app-1', attempts: 0, lastError: null, updatedAt: at(1) };
        await store.upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-1', state: 'pending' });
        await store.upsertDelivery({ ...base, system: 'tax', messageId: 'm-1', state: 'pending' });
        await store.upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-2', state: 'pending' });
        await store.upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-1', state: 'failed', attempts: 2, lastError: 'HTTP 503', updatedAt: at(5) });

        expect(await store.listDeliveries('app-1')).toEqual([
          { applicationId: 'app-1', system: 'resident-registry', messageId: 'm-1', state: 'failed', attempts: 2, lastError: 'HTTP 503', updatedAt: at(5) },
          { ...base, system: 'tax', messageId: 'm-1', state: 'pending' },
          { ...base, system: 'resident-registry', messageId: 'm-2', state: 'pending' },
        ]);
      });

      it('refuses a delivery for an unknown application', async () => {
        await expect(
          store.upsertDelivery({ applicationId: 'nope', system: 'tax', messageId: 'm', state: 'sent', attempts: 1, lastError: null, updatedAt: at(1) }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('certificates', () => {
      const certificate = (id: string, issuedAt: string) => ({
        id,
        applicationId: 'app-1',
        type: 'juminhyo-copy',
        document: '{"name":"𠮷田 太郎","items":["本籍"]}',
        documentHash: 'b'.repeat(64),
        signature: 'MIIB',
        issuedAt,
        revokedAt: null,
        revocationReason: null,
      });

      it('saves, reads and lists certificates', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.saveCertificate(certificate('cert-2', at(20)));
        await store.saveCertificate(certificate('cert-1', at(10)));
        expect(await store.getCertificate('cert-1')).toEqual(certificate('cert-1', at(10)));
        expect(await store.getCertificate('nope')).toBeNull();
        expect((await store.listCertificates('app-1')).map((c) => c.id)).toEqual(['cert-1', 'cert-2']);
      });

      it('refuses a duplicate certificate id and one for an unknown application', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.saveCertificate(certificate('cert-1', at(10)));
        const error = await store.saveCertificate({ ...certificate('cert-1', at(11)), type: 'other' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((await store.getCertificate('cert-1'))?.type).toBe('juminhyo-copy');
        await expect(store.saveCertificate({ ...certificate('cert-9', at(1)), applicationId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('revokes once with a reason', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.saveCertificate(certificate('cert-1', at(10)));
        expect(await store.revokeCertificate('cert-1', at(30), 'issued in error')).toBe(true);
        expect(await store.getCertificate('cert-1')).toMatchObject({ revokedAt: at(30), revocationReason: 'issued in error' });
        expect(await store.revokeCertificate('cert-1', at(31), 'again')).toBe(false);
        expect((await store.getCertificate('cert-1'))?.revokedAt).toBe(at(30));
        expect(await store.revokeCertificate('nope', at(31), 'x')).toBe(false);
      });

      it('returns certificate copies', async () => {
        await store.createApplication(newApplication('app-1'));
        await store.saveCertificate(certificate('cert-1', at(10)));
        const read = await store.getCertificate('cert-1');
        if (read) read.revokedAt = at(99);
        expect((await store.getCertificate('cert-1'))?.revokedAt).toBeNull();
      });
    });

    describe('pickups', () => {
      const pending = (certificateId: string, notBefore: string, applicationId = 'app-1'): PickupRecord => ({
        code: null,
        certificateId,
        applicationId,
        requestId: `${applicationId}:issue-certificate`,
        certificateType: 'juminhyo-copy',
        copies: 2,
        fee: 600,
        expiresAt: at(7 * 86_400),
        status: 'pending',
        notBefore,
        fetchedAt: null,
        createdAt: at(0),
        updatedAt: at(0),
      });
      const requested = (certificateId: string, code: string, expiresAt = at(86_400)): PickupRecord => ({
        ...pending(certificateId, at(0)),
        code,
        status: 'requested',
        expiresAt,
        updatedAt: at(5),
      });

      beforeEach(async () => {
        await store.createApplication(newApplication('app-1'));
      });

      it('saves a requested pickup and finds it by code and by certificate', async () => {
        const pickup = requested('cert-1', '123456789012');
        expect(await store.savePickup(pickup)).toEqual(pickup);
        expect(await store.getPickup('123456789012')).toEqual(pickup);
        expect(await store.getPickupByCertificate('cert-1')).toEqual(pickup);
        expect(await store.getPickup('000000000000')).toBeNull();
        expect(await store.getPickupByCertificate('nope')).toBeNull();
      });

      it('completes a pending pickup with its code, keeping when it was created', async () => {
        await store.savePickup({ ...pending('cert-1', at(100)), createdAt: at(1) });
        expect(await store.getPickup('123456789012')).toBeNull();
        const saved = await store.savePickup({ ...requested('cert-1', '123456789012'), createdAt: at(50) });
        expect(saved).toMatchObject({ status: 'requested', code: '123456789012', createdAt: at(1) });
        expect(await store.getPickup('123456789012')).toEqual(saved);
        expect(await store.listPickupsDue(at(1_000), 10)).toEqual([]);
      });

      it('never overwrites a pickup that went past pending, and answers what is stored', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        expect(await store.markPickupFetched('123456789012', at(10))).toBe('ok');
        // A second scheduler that sent the same request late must not make the document fetchable again.
        const late = await store.savePickup(requested('cert-1', '123456789012'));
        expect(late).toMatchObject({ status: 'fetched', fetchedAt: at(10) });
        expect(await store.markPickupFetched('123456789012', at(11))).toBe('already-fetched');
        expect(await store.savePickup(pending('cert-1', at(0)))).toMatchObject({ status: 'fetched' });
      });

      it('refuses a code that belongs to another certificate, an unknown application, and impossible states', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        const error = await store.savePickup(requested('cert-2', '123456789012')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('duplicate-pickup-code');
        expect((error as ConflictError).message).not.toContain('123456789012');
        expect(await store.getPickupByCertificate('cert-2')).toBeNull();
        await expect(store.savePickup(pending('cert-9', at(0), 'nope'))).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.savePickup({ ...pending('cert-3', at(0)), code: '1' })).rejects.toBeInstanceOf(RangeError);
        await expect(store.savePickup({ ...requested('cert-3', '1'), status: 'fetched' })).rejects.toBeInstanceOf(RangeError);
        await expect(store.savePickup({ ...requested('cert-3', '1'), code: null })).rejects.toBeInstanceOf(RangeError);
      });

      it('hands the document out once, and only before expiry', async () => {
        await store.savePickup(requested('cert-1', '111111111111', at(100)));
        await store.savePickup(requested('cert-2', '222222222222', at(100)));
        expect(await store.markPickupFetched('999999999999', at(1))).toBe('unknown');
        expect(await store.markPickupFetched('111111111111', at(100))).toBe('expired');
        expect(await store.getPickup('111111111111')).toMatchObject({ status: 'requested', fetchedAt: null });
        expect(await store.markPickupFetched('222222222222', at(99))).toBe('ok');
        expect(await store.getPickup('222222222222')).toMatchObject({ status: 'fetched', fetchedAt: at(99), updatedAt: at(99) });
        expect(await store.markPickupFetched('222222222222', at(99))).toBe('already-fetched');
      });

      it('lets exactly one of 20 concurrent fetches of one code succeed', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        const answers = await Promise.all(Array.from({ length: 20 }, () => store.markPickupFetched('123456789012', at(10))));
        expect(answers.filter((answer) => answer === 'ok')).toHaveLength(1);
        expect(answers.filter((answer) => answer === 'already-fetched')).toHaveLength(19);
      });

      it('finds a code by its pickup number, and refuses a second code with the same number', async () => {
        const pickup = await store.savePickup(requested('cert-1', '123456789012'));
        expect(await store.findPickupByNumber('12345678')).toEqual(pickup);
        expect(await store.findPickupByNumber('12345679')).toBeNull();
        const error = await store.savePickup(requested('cert-2', '123456780000')).catch((e: unknown) => e);
        expect((error as ConflictError).code).toBe('duplicate-pickup-code');
        expect(await store.getPickupByCertificate('cert-2')).toBeNull();
      });

      it('counts wrong check parts and locks the code for good at the limit; a locked code is never handed out', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        expect(await store.getPickupLock('cert-1')).toEqual({ wrongCheckParts: 0, lockedAt: null });
        for (let i = 1; i < 5; i += 1) expect(await store.recordWrongCheckPart('cert-1', at(i), 5)).toEqual({ wrongCheckParts: i, lockedAt: null });
        expect(await store.recordWrongCheckPart('cert-1', at(5), 5)).toEqual({ wrongCheckParts: 5, lockedAt: at(5) });
        expect(await store.recordWrongCheckPart('cert-1', at(6), 5)).toEqual({ wrongCheckParts: 6, lockedAt: at(5) });
        expect(await store.getPickupLock('cert-1')).toEqual({ wrongCheckParts: 6, lockedAt: at(5) });
        expect(await store.markPickupFetched('123456789012', at(7))).toBe('locked');
        expect(await store.getPickup('123456789012')).toMatchObject({ status: 'requested', fetchedAt: null });
      });

      it('counts 20 concurrent wrong check parts one by one, and nothing for an unknown certificate', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        const tallies = await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordWrongCheckPart('cert-1', at(i), 5)));
        expect(tallies.map((tally) => tally.wrongCheckParts).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await store.getPickupLock('cert-1')).lockedAt).not.toBeNull();
        expect(await store.recordWrongCheckPart('nope', at(1), 5)).toEqual({ wrongCheckParts: 0, lockedAt: null });
        expect(await store.getPickupLock('nope')).toEqual({ wrongCheckParts: 0, lockedAt: null });
      });

      it('records printed after a fetch and expired before printing; both are final', async () => {
        await store.savePickup(requested('cert-1', '111111111111'));
        await store.savePickup(requested('cert-2', '222222222222'));
        expect(await store.updatePickupStatus('111111111111', 'printed', at(20))).toBe('not-fetched');
        await store.markPickupFetched('111111111111', at(21));
        expect(await store.updatePickupStatus('111111111111', 'printed', at(22))).toBe('updated');
        expect(await store.getPickup('111111111111')).toMatchObject({ status: 'printed', updatedAt: at(22), fetchedAt: at(21) });
        expect(await store.updatePickupStatus('111111111111', 'printed', at(23))).toBe('unchanged');
        expect(await store.updatePickupStatus('111111111111', 'expired', at(24))).toBe('unchanged');
        expect(await store.updatePickupStatus('222222222222', 'expired', at(25))).toBe('updated');
        expect(await store.markPickupFetched('222222222222', at(26))).toBe('expired');
        expect(await store.updatePickupStatus('222222222222', 'expired', at(27))).toBe('unchanged');
        expect(await store.updatePickupStatus('999999999999', 'printed', at(27))).toBe('unknown');
      });

      it('lists pending pickups that are due, by notBefore then certificate, up to the limit', async () => {
        await store.savePickup(pending('cert-c', at(200)));
        await store.savePickup(pending('cert-b', at(100)));
        await store.savePickup(pending('cert-a', at(100)));
        await store.savePickup(pending('cert-later', at(10_000)));
        await store.savePickup(requested('cert-sent', '123456789012'));
        expect((await store.listPickupsDue(at(200), 10)).map((p) => p.certificateId)).toEqual(['cert-a', 'cert-b', 'cert-c']);
        expect((await store.listPickupsDue(at(150), 10)).map((p) => p.certificateId)).toEqual(['cert-a', 'cert-b']);
        expect((await store.listPickupsDue(at(200), 1)).map((p) => p.certificateId)).toEqual(['cert-a']);
        expect(await store.listPickupsDue(at(200), 0)).toEqual([]);
        await store.savePickup(pending('cert-a', at(5_000)));
        expect((await store.listPickupsDue(at(200), 10)).map((p) => p.certificateId)).toEqual(['cert-b', 'cert-c']);
      });

      it('treats codes and certificate ids as opaque strings', async () => {
        expect(await store.getPickup('__proto__')).toBeNull();
        expect(await store.markPickupFetched('constructor', at(1))).toBe('unknown');
        const odd = requested('cert:"x"\u0000', 'code with spaces/../');
        await store.savePickup(odd);
        expect(await store.getPickup('code with spaces/../')).toEqual(odd);
      });

      it('returns pickup copies', async () => {
        await store.savePickup(requested('cert-1', '123456789012'));
        const read = await store.getPickup('123456789012');
        if (read) read.status = 'printed';
        expect((await store.getPickup('123456789012'))?.status).toBe('requested');
      });
    });

    describeStaffSessionContract(() => store);
    describePrefillChallengeContract(() => store);

    describe('callback receipts', () => {
      it('records a receipt once: the same id is a duplicate until it expires, then it is recorded anew', async () => {
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(0), at(600))).toBe('recorded');
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(10), at(610))).toBe('duplicate');
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(599), at(900))).toBe('duplicate');
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(600), at(1_200))).toBe('recorded');
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(601), at(1_201))).toBe('duplicate');
      });

      it('keeps systems and ids apart', async () => {
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(0), at(600))).toBe('recorded');
        expect(await store.recordCallbackReceipt('tax', 'r-1', at(0), at(600))).toBe('recorded');
        expect(await store.recordCallbackReceipt('welfare', 'r-2', at(0), at(600))).toBe('recorded');
        expect(await store.recordCallbackReceipt('welfare","r-1', '', at(0), at(600))).toBe('recorded');
      });

      it('records exactly one of concurrent receipts with the same id', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.recordCallbackReceipt('convenience-store', 'r-1', at(0), at(600))));
        expect(results.filter((result) => result === 'recorded')).toHaveLength(1);
      });

      it('forgets a receipt, so the same callback can be recorded again', async () => {
        await store.recordCallbackReceipt('welfare', 'r-1', at(0), at(600));
        await store.forgetCallbackReceipt('welfare', 'r-1');
        await store.forgetCallbackReceipt('welfare', 'never-recorded');
        expect(await store.recordCallbackReceipt('welfare', 'r-1', at(1), at(601))).toBe('recorded');
      });
    });

    describe('reviews', () => {
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
        await store.createApplication(newApplication('app-r'));
        expect(await store.saveReview({ review: review('app-r'), expectedVersion: null, timeline: { status: 'under-review', at: at(1), source: 'review', detail: 'queued' } })).toBe(true);
        // a second opener, and a writer of a stale version, change nothing
        expect(await store.saveReview({ review: review('app-r', { state: 'claimed' }), expectedVersion: null })).toBe(false);
        expect(await store.saveReview({ review: review('app-r', { state: 'approved', version: 3 }), expectedVersion: 2, timeline: { status: 'in-progress', at: at(2), source: 'review', detail: 'x' } })).toBe(false);
        expect(await store.getReview('app-r')).toEqual(review('app-r'));
        expect((await store.getApplication('app-r'))?.status).toBe('under-review');
        expect((await store.getTimeline('app-r')).map((entry) => entry.status)).toEqual(['received', 'under-review']);

        const claimed = review('app-r', { state: 'claimed', claimedBy: { kind: 'staff', id: 'clerk-1', role: 'clerk' }, version: 2, updatedAt: at(3) });
        expect(await store.saveReview({ review: claimed, expectedVersion: 1 })).toBe(true);
        expect(await store.getReview('app-r')).toEqual(claimed);
      });

      it('appends a decision\'s audit entry with the review, and none when the write does not apply', async () => {
        await store.createApplication(newApplication('app-audited'));
        expect(await store.saveReview({ review: review('app-audited'), expectedVersion: null })).toBe(true);
        const audit = { at: at(5), actor: { kind: 'staff' as const, id: 'clerk-1', role: 'clerk' }, action: 'review.claim', target: { type: 'application', id: 'app-audited' } };
        const claimed = review('app-audited', { state: 'claimed', claimedBy: { kind: 'staff', id: 'clerk-1', role: 'clerk' }, version: 2 });
        expect(await store.saveReview({ review: claimed, expectedVersion: 1, audit })).toBe(true);
        expect(await store.saveReview({ review: claimed, expectedVersion: 1, audit: { ...audit, at: at(6) } })).toBe(false);
        const entries = (await store.listAudit(0, 100)).filter((entry) => entry.target.id === 'app-audited');
        expect(entries.map((entry) => [entry.action, entry.actor.id, entry.at])).toEqual([['review.claim', 'clerk-1', at(5)]]);
        await expect(store.saveReview({ review: { ...claimed, version: 3 }, expectedVersion: 2, audit: { ...audit, target: { type: 'application', id: 'has spaces' } } })).rejects.toThrow(/audit event/);
        expect((await store.getReview('app-audited'))?.version).toBe(2);
      });

      it('lets exactly one of concurrent decisions on one version through', async () => {
        await store.createApplication(newApplication('app-c'));
        await store.saveReview({ review: review('app-c'), expectedVersion: null });
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.saveReview({ review: review('app-c', { state: 'claimed', claimedBy: { kind: 'staff', id: `s-${i}`, role: 'clerk' }, version: 2 }), expectedVersion: 1 })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('replaces the form and identity of a correction in the same write', async () => {
        await store.createApplication(newApplication('app-f'));
        await store.saveReview({ review: review('app-f', { state: 'returned' }), expectedVersion: null });
        const correction = { form: { copies: 2 }, identity: { serial: '02CD' } };
        expect(await store.saveReview({ review: review('app-f', { version: 2 }), expectedVersion: 1, correction, timeline: { status: 'under-review', at: at(4), source: 'intake', detail: 'corrected' } })).toBe(true);
        const application = await store.getApplication('app-f');
        expect(application).toMatchObject({ form: { copies: 2 }, identity: { serial: '02CD' }, status: 'under-review' });
        expect(await store.saveReview({ review: review('app-f', { version: 3 }), expectedVersion: 1, correction: { form: { copies: 9 }, identity: null } })).toBe(false);
        expect((await store.getApplication('app-f'))?.form).toEqual({ copies: 2 });
      });

      it('refuses a review of an unknown application', async () => {
        await expect(store.saveReview({ review: review('nobody'), expectedVersion: null })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('lists reviews oldest first by ward, procedure, state and overdue, page by page', async () => {
        const wards = ['271276', '271195', '271276', '271276', '271233'];
        for (const [i, ward] of wards.entries()) {
          await store.createApplication(newApplication(`app-${i}`, { job: newJob(`job-${i}`, `app-${i}`), claims: [] }));
          await store.saveReview({ review: review(`app-${i}`, { ward, createdAt: at(100 - i * 10), state: i === 3 ? 'approved' : 'open', overdue: i === 2 }), expectedVersion: null });
        }
        const ids = (reviews: ReviewRecord[]) => reviews.map((r) => r.applicationId);
        expect(ids(await store.listReviews({ limit: 10 }))).toEqual(['app-4', 'app-3', 'app-2', 'app-1', 'app-0']);
        expect(ids(await store.listReviews({ wards: ['271276'], limit: 10 }))).toEqual(['app-3', 'app-2', 'app-0']);
        expect(ids(await store.listReviews({ wards: ['271276', '271233'], state: 'open', limit: 10 }))).toEqual(['app-4', 'app-2', 'app-0']);
        expect(ids(await store.listReviews({ overdue: true, limit: 10 }))).toEqual(['app-2']);
        expect(ids(await store.listReviews({ procedureId: 'juminhyo-copy', limit: 10 }))).toEqual([]);
        expect(ids(await store.listReviews({ wards: [], limit: 10 }))).toEqual([]);
        const first = await store.listReviews({ wards: ['271276'], limit: 2 });
        expect(ids(first)).toEqual(['app-3', 'app-2']);
        expect(ids(await store.listReviews({ wards: ['271276'], limit: 2, after: 'app-2' }))).toEqual(['app-0']);
        expect(ids(await store.listReviews({ limit: 2, after: 'unknown' }))).toEqual([]);
      });

      it('lists reviews opened in a time range: from inclusive, before exclusive', async () => {
        for (const i of [0, 1, 2]) {
          await store.createApplication(newApplication(`range-${i}`, { job: newJob(`range-job-${i}`, `range-${i}`), claims: [] }));
          await store.saveReview({ review: review(`range-${i}`, { createdAt: at(500 + i * 10) }), expectedVersion: null });
        }
        const ids = (reviews: ReviewRecord[]) => reviews.map((r) => r.applicationId).filter((id) => id.startsWith('range-'));
        expect(ids(await store.listReviews({ createdFrom: at(510), limit: 10 }))).toEqual(['range-1', 'range-2']);
        expect(ids(await store.listReviews({ createdBefore: at(510), limit: 10 }))).toEqual(['range-0']);
        expect(ids(await store.listReviews({ createdFrom: at(505), createdBefore: at(520), limit: 10 }))).toEqual(['range-1']);
      });
    });

    describe('lifecycle', () => {
      it('answers ping while open', async () => {
        expect(await store.ping()).toBe(true);
      });
    });
  });
}
