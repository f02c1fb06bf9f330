import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCircuitBreakerGauge } from '../../src/metrics/circuit-breaker-metrics.js';
import { createRouteStepMetrics } from '../../src/metrics/route-step-metrics.js';
import { RouteRunner, type RouteRunnerOptions } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { parseExposition, type Sample } from '../support/exposition.js';
import { ManualClock, ScriptedAdapter, catalogOf, drain, procedureWith, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const lookup = procedureWith('lookup-only', [{ name: 'find-resident', action: 'request', system: 'resident-registry' }]);
const taxReply = procedureWith('tax-certificate', [
  { name: 'send-tax', action: 'send', system: 'tax' },
  { name: 'tax-result', action: 'await-reply', system: 'tax', deadline: 'PT1H' },
]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let registry: Registry;
let residentRegistry: ScriptedAdapter;

beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  registry = new Registry();
  residentRegistry = new ScriptedAdapter('resident-registry');
});
afterEach(async () => {
  await dispose();
});

function runnerWithMetrics(overrides: Partial<RouteRunnerOptions> = {}): RouteRunner {
  const options = runnerOptions(store, catalogOf(lookup, taxReply), [residentRegistry, new ScriptedAdapter('tax', { kind: 'accept' })], clock, {
    onStepEnded: createRouteStepMetrics(registry),
    concurrency: 1,
    ...overrides,
  });
  const runner = new RouteRunner(options);
  registerCircuitBreakerGauge(registry, () => runner.breakerStates());
  return runner;
}

async function samplesOf(name: string): Promise<Sample[]> {
  return parseExposition(await registry.metrics()).filter((sample) => sample.name === name);
}

describe('route runner metrics', () => {
  it('count every step run by system and outcome', async () => {
    const runner = runnerWithMetrics();
    await seedApplication(store, 'app-done', lookup, clock.now());
    await drain(runner);
    residentRegistry.then({ kind: 'retryable' }, { kind: 'retryable' }, { kind: 'retryable' }, { kind: 'permanent' });
    await seedApplication(store, 'app-dead', lookup, clock.now());
    await drain(runner);
    clock.advance(60_000);
    await drain(runner);
    await seedApplication(store, 'app-tax', taxReply, clock.now());
    await drain(runner);

    expect(await samplesOf('kakehashi_route_steps_total')).toEqual(
      expect.arrayContaining([
        { name: 'kakehashi_route_steps_total', labels: { system: 'resident-registry', outcome: 'completed' }, value: 1 },
        { name: 'kakehashi_route_steps_total', labels: { system: 'resident-registry', outcome: 'retried' }, value: 1 },
        { name: 'kakehashi_route_steps_total', labels: { system: 'resident-registry', outcome: 'dead-lettered' }, value: 1 },
        { name: 'kakehashi_route_steps_total', labels: { system: 'tax', outcome: 'completed' }, value: 1 },
        { name: 'kakehashi_route_steps_total', labels: { system: 'tax', outcome: 'waiting' }, value: 1 },
      ]),
    );
    expect(await samplesOf('kakehashi_route_steps_total')).toHaveLength(5);
  });

  it('show an open circuit breaker, and count the steps it defers', async () => {
    const runner = runnerWithMetrics({ breaker: { failureThreshold: 1, coolDownMs: 30_000 } });
    expect(await samplesOf('kakehashi_circuit_breaker_open')).toEqual([
      { name: 'kakehashi_circuit_breaker_open', labels: { system: 'resident-registry' }, value: 0 },
      { name: 'kakehashi_circuit_breaker_open', labels: { system: 'tax' }, value: 0 },
    ]);

    residentRegistry.then({ kind: 'retryable' }, { kind: 'retryable' }, { kind: 'retryable' });
    await seedApplication(store, 'app-1', lookup, clock.now());
    await drain(runner);
    await seedApplication(store, 'app-2', lookup, clock.now());
    await runner.runOnce();

    expect(await samplesOf('kakehashi_circuit_breaker_open')).toContainEqual({ name: 'kakehashi_circuit_breaker_open', labels: { system: 'resident-registry' }, value: 1 });
    expect(await samplesOf('kakehashi_route_steps_total')).toEqual([
      { name: 'kakehashi_route_steps_total', labels: { system: 'resident-registry', outcome: 'retried' }, value: 1 },
      { name: 'kakehashi_route_steps_total', labels: { system: 'resident-registry', outcome: 'deferred' }, value: 1 },
    ]);
  });
});
