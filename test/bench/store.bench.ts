/**
 * Store write throughput: createApplication with group commit at
 * concurrency 64 against strictly sequential awaits (one fsync each).
 * Each phase runs for a fixed time, so the script ends in about 15 s. The Redis line
 * is printed only when Redis answers on 127.0.0.1:6379; its durability is the
 * server's (see RedisStore), so the line says whether the server keeps an AOF.
 *
 * Run: npx tsx test/bench/store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../src/store/redis/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { newApplication } from '../store/store-fixtures.js';

const PHASE_MS = 3_000;
const CONCURRENCY = 64;

let sequence = 0;

/** Writes applications from `workers` loops for PHASE_MS; returns applications per second. */
async function measure(store: Store, workers: number): Promise<number> {
  const deadline = performance.now() + PHASE_MS;
  const started = performance.now();
  let written = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await store.createApplication(newApplication(`bench-${sequence++}`));
      written++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return written / ((performance.now() - started) / 1000);
}

async function report(name: string, store: Store, note = ''): Promise<void> {
  const sequential = await measure(store, 1);
  const concurrent = await measure(store, CONCURRENCY);
  console.log(
    `store.${name}.createApplication concurrency=${CONCURRENCY}: ${Math.round(concurrent)}/s ` +
      `(sequential: ${Math.round(sequential)}/s, ratio ${(concurrent / sequential).toFixed(1)})${note}`,
  );
}

const directory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-'));
try {
  const sqlite = openSqliteStore({ path: join(directory, 'bench.db') });
  await report('sqlite', sqlite);
  await sqlite.close();
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
redis.on('error', () => undefined);
const redisAnswers = await redis.connect().then(
  () => true,
  () => false,
);
if (redisAnswers) {
  const prefix = `kakehashi-bench:${process.pid}:`;
  const store = createRedisStore({ redis, prefix });
  const aof = /^aof_enabled:1\s*$/m.test(await redis.info('persistence'));
  await report('redis', store, aof ? ' [server AOF on]' : ' [server AOF off: not durable]');
  const janitor = new Redis({ host: '127.0.0.1', port: 6379 });
  let cursor = '0';
  do {
    const [next, keys] = await janitor.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await janitor.del(...keys);
  } while (cursor !== '0');
  janitor.disconnect();
  await store.close();
} else {
  redis.disconnect();
  console.log('store.redis.createApplication: not measured (Redis is not answering on 127.0.0.1:6379)');
}
