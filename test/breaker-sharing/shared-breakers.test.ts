import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BreakerSync } from '../../src/breaker-sharing/breaker-sync.js';
import { PostgresBreakerStates } from '../../src/breaker-sharing/postgres-breaker-states.js';
import { RedisBreakerStates } from '../../src/breaker-sharing/redis-breaker-states.js';
import type { SharedBreakerStates } from '../../src/breaker-sharing/shared-breaker-states.js';
import { createLogger } from '../../src/logger.js';
import { CircuitBreakers } from '../../src/runner/circuit-breaker.js';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';

const prefix = `kakehashi-test:${randomUUID()}:`;
const database = testPostgresDatabase();
let schema: ReturnType<typeof openFreshPostgresStore> | undefined;

afterAll(async () => {
  await (await schema)?.cleanup();
  const janitor = await connectTestRedis();
  await deleteKeys(janitor, prefix);
  janitor.disconnect();
});

const kinds: [string, () => Promise<SharedBreakerStates>][] = [
  [
    'PostgreSQL',
    async () => {
      schema ??= openFreshPostgresStore(database);
      const { url, schema: name } = await schema;
      return new PostgresBreakerStates(connectPostgres({ url, schema: name, max: 1 }));
    },
  ],
  ['Redis', async () => new RedisBreakerStates(await connectTestRedis(), prefix)],
];

/** One gateway process's breakers, shared through `open()`'s connection of its own. */
async function process(open: () => Promise<SharedBreakerStates>, clock: () => Date) {
  const sync = new BreakerSync(await open(), createLogger({ level: 'silent' }), 60_000);
  const breakers = new CircuitBreakers({ failureThreshold: 3, coolDownMs: 30_000 }, clock, sync.publish);
  sync.start({ adoptBreakerStates: (states) => breakers.adopt(states) });
  return { sync, breakers };
}

/** Waits until `condition` holds, adopting the shared states each time (publishing runs in the background). */
async function eventually(sync: BreakerSync, condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
    await sync.adoptNow();
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the shared breaker state never arrived');
}

describe.each(kinds)('circuit breakers shared through %s', (_kind, open) => {
  it('holds deliveries back in every process once one process opened the breaker, and lets them through again once its probe succeeded', async () => {
    let now = Date.parse('2026-12-04T00:00:00Z');
    const clock = () => new Date(now);
    const system = `welfare-${randomUUID()}`;
    const first = await process(open, clock);
    const second = await process(open, clock);

    for (let n = 0; n < 3; n++) first.breakers.for(system).recordFailure();
    expect(first.breakers.for(system).state()).toBe('open');
    await eventually(second.sync, () => second.breakers.for(system).state() === 'open');
    expect(second.breakers.for(system).request()).toMatchObject({ allowed: false });

    now += 30_000;
    expect(first.breakers.for(system).request()).toEqual({ allowed: true });
    first.breakers.for(system).recordSuccess();
    await eventually(second.sync, () => second.breakers.for(system).state() === 'closed');
    expect(second.breakers.for(system).request()).toEqual({ allowed: true });

    await first.sync.stop();
    await second.sync.stop();
  });

  it('keeps the latest change: an older one published late does not reopen a closed breaker', async () => {
    const shared = await open();
    const system = `tax-${randomUUID()}`;
    await shared.publish(system, { openedAtMs: null, changedAtMs: 2_000 });
    await shared.publish(system, { openedAtMs: 1_000, changedAtMs: 1_000 });
    expect((await shared.read())[system]).toEqual({ openedAtMs: null, changedAtMs: 2_000 });
    await shared.close();
  });
});
