import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/runner/circuit-breaker.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import { StorageUnavailableError } from '../../src/store/store-errors.js';
import type { Store } from '../../src/store/types.js';
import { ManualClock, ScriptedAdapter, catalogOf, procedureWith, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const lookup = procedureWith('lookup-only', [{ name: 'find-resident', action: 'request', system: 'resident-registry' }]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;

beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
});
afterEach(async () => {
  await dispose();
});

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => (condition() ? resolve() : void setTimeout(check, 5));
    check();
  });
}

async function eventually(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('circuit breaker', () => {
  it('opens after the threshold, lets one probe through after the cool-down, and closes on its success', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1_000 }, clock.now);
    breaker.recordFailure();
    expect(breaker.state()).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.request()).toEqual({ allowed: false, retryAt: new Date(clock.now().getTime() + 1_000) });
    clock.advance(1_000);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.request()).toEqual({ allowed: true });
    expect(breaker.request().allowed).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
  });

  it('opens again for a full cool-down when the probe fails', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1_000 }, clock.now);
    breaker.recordFailure();
    clock.advance(1_000);
    expect(breaker.request().allowed).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    clock.advance(999);
    expect(breaker.request().allowed).toBe(false);
  });
});

describe('route runner: breaker, leases, stop', () => {
  it('stops calling a failing system while its breaker is open, without counting attempts, and closes after a good probe', async () => {
    const registry = new ScriptedAdapter('resident-registry', { kind: 'retryable' });
    for (const id of ['app-1', 'app-2', 'app-3']) await seedApplication(store, id, lookup, clock.now());
    const runner = new RouteRunner(
      runnerOptions(store, catalogOf(lookup), [registry], clock, {
        concurrency: 1,
        breaker: { failureThreshold: 2, coolDownMs: 30_000 },
        policy: { maxAttempts: 5, baseDelayMs: 60_000, multiplier: 2, maxDelayMs: 60_000, quickRetries: 0, quickDelayMs: 0 },
      }),
    );
    await runner.runOnce(); // app-1 fails
    await runner.runOnce(); // app-2 fails: breaker opens
    expect(runner.breakerStates()).toEqual({ 'resident-registry': 'open' });
    expect(registry.calls).toHaveLength(2);

    await runner.runOnce(); // app-3: deferred without a call
    expect(registry.calls).toHaveLength(2);
    const deferred = (await store.getJob('app-3:0'))!;
    expect(deferred.attempts).toBe(0);
    expect(deferred.leaseUntil).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
    expect(await runner.runOnce()).toBe(0);

    clock.advance(30_001); // the parked lease expires strictly after the cool-down
    expect(runner.breakerStates()).toEqual({ 'resident-registry': 'half-open' });
    registry.then({ kind: 'done' });
    expect(await runner.runOnce()).toBe(1); // the probe (app-3) succeeds
    expect(registry.calls).toHaveLength(3);
    expect(runner.breakerStates()).toEqual({ 'resident-registry': 'closed' });
    expect((await store.getApplication('app-3'))!.status).toBe('completed');
    expect((await store.getJob('app-3:0'))!.attempts).toBe(0);
  });

  it('reports every configured system as closed before any call', () => {
    const runner = new RouteRunner(runnerOptions(store, catalogOf(lookup), [new ScriptedAdapter('tax'), new ScriptedAdapter('welfare')], clock));
    expect(runner.breakerStates()).toEqual({ tax: 'closed', welfare: 'closed' });
  });

  it('does not record the outcome of a step whose lease was lost', async () => {
    const registry = new ScriptedAdapter('resident-registry').then({ kind: 'hang' });
    await seedApplication(store, 'app-1', lookup, clock.now());
    const first = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { owner: 'runner-a', leaseMs: 10_000 }));
    const second = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { owner: 'runner-b', leaseMs: 10_000 }));
    const running = first.runOnce();
    await until(() => registry.calls.length === 1);

    clock.advance(10_001);
    registry.then({ kind: 'hang' });
    const taken = second.runOnce();
    await until(() => registry.calls.length === 2);
    expect((await store.getJob('app-1:0'))!.leaseOwner).toBe('runner-b');

    registry.release();
    await Promise.all([running, taken]);
    const timeline = await store.getTimeline('app-1');
    expect(timeline.filter((entry) => entry.status === 'completed')).toHaveLength(1);
    expect(timeline.filter((entry) => entry.status === 'in-progress')).toHaveLength(1);
    expect(new Set(registry.calls.map((call) => call.messageId))).toEqual(new Set(['app-1:find-resident']));
  });

  it('leaves a step the store failed under to run again after its lease, instead of dead-lettering the application', async () => {
    const registry = new ScriptedAdapter('resident-registry');
    await seedApplication(store, 'app-1', lookup, clock.now());
    let outage = true;
    const failingOnce = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'upsertDelivery' && outage) {
          return async () => {
            outage = false;
            throw new StorageUnavailableError('unreachable', '57P01');
          };
        }
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = new RouteRunner(runnerOptions(failingOnce, catalogOf(lookup), [registry], clock, { leaseMs: 10_000 }));
    await runner.runOnce();
    expect((await store.getJob('app-1:0'))!.state).toBe('leased');
    expect((await store.getApplication('app-1'))!.status).not.toBe('failed');
    expect(await store.listDeadLetters(10)).toEqual([]);

    clock.advance(10_001);
    await runner.runOnce();
    expect((await store.getJob('app-1:0'))!.state).toBe('done');
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
    expect(new Set(registry.calls.map((call) => call.messageId))).toEqual(new Set(['app-1:find-resident']));
  });

  it('extends the lease of a step that runs longer than its lease, so no other runner takes it', async () => {
    const registry = new ScriptedAdapter('resident-registry').then({ kind: 'hang' });
    await seedApplication(store, 'app-1', lookup, new Date());
    const realTime = { clock: () => new Date(), leaseMs: 1_000 };
    const first = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { ...realTime, owner: 'runner-a' }));
    const second = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { ...realTime, owner: 'runner-b' }));
    const running = first.runOnce();
    await until(() => registry.calls.length === 1);
    const started = Date.now();
    while (Date.now() - started < 2_500) {
      expect(await second.runOnce()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    registry.release();
    await running;
    expect(registry.calls).toHaveLength(1);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });

  it('writes nothing at all when the lease is lost before the outcome', async () => {
    const registry = new ScriptedAdapter('resident-registry').then({ kind: 'hang' });
    await seedApplication(store, 'app-1', lookup, clock.now());
    const first = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { owner: 'runner-a', leaseMs: 10_000 }));
    const running = first.runOnce();
    await until(() => registry.calls.length === 1);
    clock.advance(10_001);
    const stolen = await store.claimJobs('runner-b', clock.now().toISOString(), new Date(clock.now().getTime() + 60_000).toISOString(), 1);
    expect(stolen).toHaveLength(1);
    registry.release();
    await running;
    expect(await store.getJob('app-1:0')).toMatchObject({ state: 'leased', leaseOwner: 'runner-b' });
    expect((await store.getApplication('app-1'))!.status).toBe('in-progress');
    expect((await store.listDeliveries('app-1'))[0]!.state).toBe('pending');
  });

  it('stop() waits for the step in flight, then releases its leases so another runner picks the job up at once', async () => {
    const registry = new ScriptedAdapter('resident-registry');
    await seedApplication(store, 'app-1', lookup, clock.now());
    await seedApplication(store, 'app-2', lookup, clock.now());
    const first = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { owner: 'runner-a', concurrency: 1 }));
    registry.then({ kind: 'hang' });
    first.start();
    await until(() => registry.calls.length === 1);
    // A job leased by runner-a but not running any more (e.g. parked), to be released by stop().
    await store.claimJobs('runner-a', clock.now().toISOString(), new Date(clock.now().getTime() + 600_000).toISOString(), 1);
    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    registry.release();
    await stopping;
    expect((await store.getApplication('app-1'))!.status).toBe('completed');

    const second = new RouteRunner(runnerOptions(store, catalogOf(lookup), [registry], clock, { owner: 'runner-b' }));
    expect(await second.runOnce()).toBe(1);
    expect((await store.getApplication('app-2'))!.status).toBe('completed');
  });

  it('keeps at most `concurrency` steps in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = new ScriptedAdapter('resident-registry');
    const deliver = slow.deliver.bind(slow);
    slow.deliver = async (message, context) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return deliver(message, context);
    };
    for (let i = 0; i < 10; i++) await seedApplication(store, `app-${i}`, lookup, clock.now());
    const runner = new RouteRunner(runnerOptions(store, catalogOf(lookup), [slow], clock, { concurrency: 3 }));
    runner.start();
    await until(() => slow.effects.size === 10);
    await runner.stop();
    expect(most).toBe(3);
    for (let i = 0; i < 10; i++) expect((await store.getApplication(`app-${i}`))!.status).toBe('completed');
  });

  it('runs a resumed job promptly in the background loop', async () => {
    const full = procedureWith('tax', [
      { name: 'send-tax', action: 'send', system: 'tax' },
      { name: 'tax-result', action: 'await-reply', system: 'tax', deadline: 'P2DT1H30M' },
    ]);
    const tax = new ScriptedAdapter('tax', { kind: 'accept' });
    await seedApplication(store, 'app-1', full, clock.now());
    const runner = new RouteRunner(runnerOptions(store, catalogOf(full), [tax], clock, { pollIntervalMs: 10 }));
    runner.start();
    await eventually(async () => (await store.getJob('app-1:1'))?.state === 'waiting');
    expect((await store.getJob('app-1:1'))!.runAt).toBe(new Date(clock.now().getTime() + (49 * 60 + 30) * 60_000).toISOString());
    expect(await runner.resume('app-1:send-tax', 'tax', { outcome: 'completed' })).toBe(true);
    await eventually(async () => (await store.getApplication('app-1'))!.status === 'completed');
    await runner.stop();
  });
});
