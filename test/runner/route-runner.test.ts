import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RouteStep } from '../../src/catalog/procedure.js';
import { InputError } from '../../src/errors.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { ManualClock, ScriptedAdapter, catalogOf, capturingLogger, drain, procedureWith, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const FULL_ROUTE: RouteStep[] = [
  { name: 'find-resident', action: 'request', system: 'resident-registry' },
  { name: 'send-tax', action: 'send', system: 'tax' },
  { name: 'tax-result', action: 'await-reply', system: 'tax', deadline: 'PT48H' },
];
const full = procedureWith('tax-certificate', FULL_ROUTE);
const oneRequest = procedureWith('lookup-only', [{ name: 'find-resident', action: 'request', system: 'resident-registry' }]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let registry: ScriptedAdapter;
let tax: ScriptedAdapter;

beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  registry = new ScriptedAdapter('resident-registry');
  tax = new ScriptedAdapter('tax', { kind: 'accept' });
});
afterEach(async () => {
  await dispose();
});

function runner(overrides: Parameters<typeof runnerOptions>[4] = {}): RouteRunner {
  return new RouteRunner(runnerOptions(store, catalogOf(full, oneRequest), [registry, tax], clock, overrides));
}

async function statuses(applicationId: string): Promise<string[]> {
  return (await store.getTimeline(applicationId)).map((entry) => entry.status);
}

describe('route runner: the happy path', () => {
  it('runs request → send → await-reply, resumes on the reply and completes, with a timeline and deliveries', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);

    expect(registry.calls.map((call) => call.messageId)).toEqual(['app-1:find-resident']);
    expect(tax.calls).toHaveLength(1);
    expect(tax.calls[0]).toMatchObject({ messageId: 'app-1:send-tax', applicationId: 'app-1', procedureId: 'tax-certificate', operation: 'send-tax-operation' });
    expect((await store.getApplication('app-1'))!.status).toBe('awaiting-reply');

    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed', taxableIncome: 3_000_000 })).toBe(true);
    await drain(routeRunner);

    const timeline = await store.getTimeline('app-1');
    expect(timeline.map((entry) => [entry.status, entry.source])).toEqual([
      ['received', 'intake'],
      ['in-progress', 'runner'],
      ['awaiting-reply', 'runner'],
      ['in-progress', 'tax'],
      ['completed', 'runner'],
    ]);
    expect(timeline[2]!.detail).toBe(`waiting for a reply from tax until ${new Date(clock.now().getTime() + 48 * 3_600_000).toISOString()}`);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
    const deliveries = await store.listDeliveries('app-1');
    expect(deliveries.map(({ system, messageId, state, attempts }) => ({ system, messageId, state, attempts })).sort((a, b) => a.messageId.localeCompare(b.messageId))).toEqual([
      { system: 'resident-registry', messageId: 'app-1:find-resident', state: 'acknowledged', attempts: 1 },
      { system: 'tax', messageId: 'app-1:send-tax', state: 'acknowledged', attempts: 1 },
    ]);
    const jobs = await store.listJobs('app-1');
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done', 'done']);
    expect(jobs[2]!.payload.results).toMatchObject({ 'find-resident': { from: 'resident-registry' }, 'send-tax': { correlationKey: 'app-1:send-tax' } });
  });

  it('hands earlier results to the message builder of later steps', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const seen: Record<string, unknown>[] = [];
    const routeRunner = runner({
      buildMessage: ({ step, results }) => {
        seen.push(structuredClone(results));
        return { operation: step.name, record: {} };
      },
    });
    await drain(routeRunner);
    expect(seen).toEqual([{}, { 'find-resident': { from: 'resident-registry', operation: 'find-resident' } }]);
  });

  it('ignores a duplicate reply, and a reply for a key nobody waits for', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(false);
    await drain(routeRunner);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(false);
    expect(await routeRunner.resume('no-such-key', 'tax', { outcome: 'completed' })).toBe(false);
    expect(await statuses('app-1')).toEqual(['received', 'in-progress', 'awaiting-reply', 'in-progress', 'completed']);
  });

  it('asks a system to send again a reply that comes before the runner waits for it', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await routeRunner.runOnce();
    await routeRunner.runOnce();
    // send-tax is done, tax-result is ready but not yet waiting
    await expect(routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).rejects.toMatchObject({ code: 'reply-too-early', retryAfterSeconds: 2 });
    await drain(routeRunner);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
  });

  it('resumes a step that parks between the runner\'s two looks (in another process), instead of dropping the reply', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const worker = runner();
    await worker.runOnce();
    await worker.runOnce();
    // tax-result is ready, not yet waiting; the reply's first look finds nothing, and the worker parks the step right after it
    let firstLook = true;
    const racing = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'resumeWaiting') {
          return async (...args: Parameters<Store['resumeWaiting']>) => {
            if (!firstLook) return target.resumeWaiting(...args);
            firstLook = false;
            await drain(worker);
            return null;
          };
        }
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const receiving = new RouteRunner(runnerOptions(racing, catalogOf(full, oneRequest), [registry, tax], clock));
    expect(await receiving.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
    await drain(worker);
    expect(await statuses('app-1')).toEqual(['received', 'in-progress', 'awaiting-reply', 'in-progress', 'completed']);
  });

  it('ends the route as rejected when the system refuses the application on its merits', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);
    await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'rejected', reason: 'no tax record for the year' });
    await drain(routeRunner);
    const timeline = await store.getTimeline('app-1');
    expect(timeline.at(-1)).toMatchObject({ status: 'rejected', source: 'tax', detail: 'rejected by tax: no tax record for the year' });
    expect((await store.getApplication('app-1'))!.status).toBe('rejected');
    expect((await store.listJobs('app-1')).every((job) => job.state === 'done')).toBe(true);
  });

  it('keeps waiting, with the same deadline, after an "accepted" acknowledgement', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);
    const deadline = (await store.getJob('app-1:2'))!.runAt;
    clock.advance(60_000);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'accepted' })).toBe(true);
    await drain(routeRunner);
    const job = (await store.getJob('app-1:2'))!;
    expect(job.state).toBe('waiting');
    expect(job.runAt).toBe(deadline);
    expect(await statuses('app-1')).toEqual(['received', 'in-progress', 'awaiting-reply', 'awaiting-reply']);
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
    await drain(routeRunner);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });
});

describe('route runner: failures', () => {
  it('retries retryable failures (quick retries, then a persisted retry with backoff) and delivers once', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    registry.then({ kind: 'retryable' }, { kind: 'retryable' }, { kind: 'retryable' }, { kind: 'retryable' });
    const routeRunner = runner();
    expect(await routeRunner.runOnce()).toBe(1);
    expect(registry.calls).toHaveLength(3); // one attempt = the call + 2 quick retries
    const job = (await store.getJob('app-1:0'))!;
    expect(job).toMatchObject({ state: 'ready', attempts: 1, lastError: 'upstream-unavailable: resident-registry answered 503.' });
    expect(job.runAt).toBe(new Date(clock.now().getTime() + 1_000).toISOString());
    expect((await store.listDeliveries('app-1'))[0]).toMatchObject({ state: 'failed', attempts: 1, lastError: 'upstream-unavailable: resident-registry answered 503.' });

    expect(await routeRunner.runOnce()).toBe(0); // not before its time
    clock.advance(1_000);
    expect(await routeRunner.runOnce()).toBe(1);
    expect(registry.calls).toHaveLength(5);
    expect(new Set(registry.calls.map((call) => call.messageId))).toEqual(new Set(['app-1:find-resident']));
    expect(registry.effects.size).toBe(1);
    expect((await store.listDeliveries('app-1'))[0]).toMatchObject({ state: 'acknowledged', attempts: 2, lastError: null });
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });

  it('doubles the backoff bound per attempt up to the cap, with full jitter', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    registry = new ScriptedAdapter('resident-registry', { kind: 'retryable' });
    const routeRunner = runner({ policy: { maxAttempts: 10, baseDelayMs: 1_000, multiplier: 2, maxDelayMs: 3_000, quickRetries: 0, quickDelayMs: 0 }, random: () => 0.5 });
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await routeRunner.runOnce();
      const job = (await store.getJob('app-1:0'))!;
      delays.push(Date.parse(job.runAt) - clock.now().getTime());
      clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1_000, 1_500, 1_500]);
  });

  it('dead-letters after the last attempt, with the reason, and marks the application failed', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    registry = new ScriptedAdapter('resident-registry', { kind: 'retryable' });
    const routeRunner = runner();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await routeRunner.runOnce()).toBe(1);
      clock.advance(60_000);
    }
    expect(await routeRunner.runOnce()).toBe(0);
    const job = (await store.getJob('app-1:0'))!;
    expect(job.state).toBe('dead');
    expect(job.lastError).toBe('gave up after 3 attempts: upstream-unavailable');
    expect((await store.listDeadLetters(10)).map((dead) => dead.id)).toEqual(['app-1:0']);
    const last = (await store.getTimeline('app-1')).at(-1)!;
    expect(last).toMatchObject({ status: 'failed', source: 'resident-registry', detail: 'step find-resident failed: gave up after 3 attempts: upstream-unavailable' });
    expect((await store.listDeliveries('app-1'))[0]).toMatchObject({ state: 'dead', attempts: 3 });
  });

  it('dead-letters a permanent upstream failure at once, without retrying', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    registry.then({ kind: 'permanent' });
    await drain(runner());
    expect(registry.calls).toHaveLength(1);
    expect(await store.getJob('app-1:0')).toMatchObject({ state: 'dead', attempts: 0, lastError: 'upstream-refused: resident-registry refused the message as malformed.' });
    expect((await store.getApplication('app-1'))!.status).toBe('failed');
  });

  it('dead-letters data the mapping cannot take, without calling the system', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    const routeRunner = runner({
      buildMessage: () => {
        throw new InputError('not-encodable', 'The field /name has a character the system cannot hold.');
      },
    });
    await drain(routeRunner);
    expect(registry.calls).toHaveLength(0);
    expect((await store.getJob('app-1:0'))!.lastError).toBe('not-encodable: The field /name has a character the system cannot hold.');
  });

  it('treats an unknown error as permanent and keeps its message out of the reason', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    const routeRunner = runner({
      buildMessage: () => {
        throw new TypeError('cannot read 山田太郎');
      },
    });
    await drain(routeRunner);
    const job = (await store.getJob('app-1:0'))!;
    expect(job).toMatchObject({ state: 'dead', lastError: 'internal-error' });
    expect(JSON.stringify(await store.getTimeline('app-1'))).not.toContain('山田');
  });

  it('delivers a replayed dead letter with the same message id', async () => {
    await seedApplication(store, 'app-1', oneRequest, clock.now());
    registry.then({ kind: 'permanent' });
    const routeRunner = runner();
    await drain(routeRunner);
    expect(await store.replayDeadLetter('app-1:0', clock.now().toISOString())).toBe(true);
    await drain(routeRunner);
    expect(registry.calls.map((call) => call.messageId)).toEqual(['app-1:find-resident', 'app-1:find-resident']);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });

  it('fails the application when no reply comes before the deadline, and dead-letters the wait', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);
    const deadline = (await store.getJob('app-1:2'))!.runAt;
    clock.advance(48 * 3_600_000 - 1);
    expect(await routeRunner.runOnce()).toBe(0);
    clock.advance(1);
    expect(await routeRunner.runOnce()).toBe(1);
    const reason = `no reply from tax before ${deadline}`;
    expect(await store.getJob('app-1:2')).toMatchObject({ state: 'dead', lastError: reason });
    expect((await store.getTimeline('app-1')).at(-1)).toMatchObject({ status: 'failed', detail: reason });
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(false);
  });

  it('waits again with a new deadline when a missed wait is replayed', async () => {
    await seedApplication(store, 'app-1', full, clock.now());
    const routeRunner = runner();
    await drain(routeRunner);
    clock.advance(48 * 3_600_000);
    await drain(routeRunner);
    clock.advance(5_000);
    await store.replayDeadLetter('app-1:2', clock.now().toISOString());
    await drain(routeRunner);
    expect(await store.getJob('app-1:2')).toMatchObject({ state: 'waiting', runAt: new Date(clock.now().getTime() + 48 * 3_600_000).toISOString() });
    expect(await routeRunner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
    await drain(routeRunner);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });

  it('fails a built-in step that is not available', async () => {
    const issuing = procedureWith('certificate', [{ name: 'issue', action: 'issue-certificate' }]);
    await seedApplication(store, 'app-1', issuing, clock.now());
    await drain(new RouteRunner(runnerOptions(store, catalogOf(issuing), [], clock)));
    expect(await store.getJob('app-1:0')).toMatchObject({ state: 'dead', lastError: 'step-not-available: issue-certificate is not available.' });
  });

  it('runs a registered built-in with the stable message id, and keeps the status it sets', async () => {
    const issuing = procedureWith('certificate', [
      { name: 'find-resident', action: 'request', system: 'resident-registry' },
      { name: 'issue', action: 'issue-certificate' },
    ]);
    await seedApplication(store, 'app-1', issuing, clock.now());
    const seen: string[] = [];
    const builtins = new Map([
      [
        'issue-certificate',
        async ({ messageId, results }: { messageId: string; results: Record<string, unknown> }) => {
          seen.push(messageId, Object.keys(results).join());
          return { result: { certificateId: 'cert-1' }, status: 'issued' as const, detail: 'certificate issued' };
        },
      ],
    ]);
    await drain(new RouteRunner(runnerOptions(store, catalogOf(issuing), [registry], clock, { builtins })));
    expect(seen).toEqual(['app-1:issue', 'find-resident']);
    expect((await store.getTimeline('app-1')).at(-1)).toMatchObject({ status: 'issued', source: 'issue-certificate', detail: 'certificate issued' });
  });

  it('writes no personal data from the form into timeline, deliveries, dead letters or logs', async () => {
    const { logger, lines } = capturingLogger();
    await seedApplication(store, 'app-1', oneRequest, clock.now(), { myNumber: '123456789018', name: '山田太郎' });
    registry.then({ kind: 'permanent' });
    await drain(runner({ logger, buildMessage: ({ application }) => ({ operation: 'find', record: { ...application.form } }) }));
    const written = JSON.stringify([await store.getTimeline('app-1'), await store.listDeliveries('app-1'), (await store.listDeadLetters(10)).map((job) => job.lastError), lines()]);
    expect(written).not.toContain('123456789018');
    expect(written).not.toContain('山田');
  });
});
