/**
 * Store write throughput: createApplication with group commit at
 * concurrency 64 against strictly sequential awaits (one fsync each).
 * Each phase runs for a fixed time, so the script ends in about 15 s. The Redis line
 * is printed only when Redis answers on 127.0.0.1:6379; its durability is the
 * server's (see RedisStore), so the line says whether the server keeps an AOF.
 * Then SQLite and PostgreSQL side by side from one and from two writing
 * processes (`store-writer.ts`, 64 loops each): what several gateway processes
 * on one store get. PostgreSQL's lines need a server on 127.0.0.1:5432
 * (`KAKEHASHI_BENCH_POSTGRES_URL` to use another); the bench makes and drops a
 * database of its own there.
 *
 * Run: npx tsx test/bench/store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { openPostgresStore } from '../../src/store/postgres/index.js';
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

/** Runs `processes` store-writer processes at once on one store; resolves with each one's applications per second. */
function writers(processes: number, kind: 'sqlite' | 'postgres', location: string): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/store-writer.ts', kind, location, String(PHASE_MS / 1000)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.once('exit', (code) => (code === 0 ? resolve((JSON.parse(output.trim().split('\n').at(-1)!) as { rate: number }).rate) : reject(new Error(`store-writer exited with ${code}`))));
        }),
    ),
  );
}

const line = (name: string, rates: number[]) =>
  console.log(`store.${name}.createApplication processes=${rates.length}×${CONCURRENCY}: ${Math.round(rates.reduce((a, b) => a + b, 0))}/s (per process: ${rates.map(Math.round).join(', ')})`);

const serverUrl = process.env.KAKEHASHI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(serverUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
const benchDatabase = `kakehashi_bench_${process.pid}`;
const postgresAnswers = await admin`SELECT 1`.then(
  () => true,
  () => false,
);
const processesDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-'));
try {
  for (const processes of [1, 2]) {
    line('sqlite', await writers(processes, 'sqlite', join(processesDirectory, `processes-${processes}.db`)));
    if (!postgresAnswers) continue;
    await admin.unsafe(`CREATE DATABASE ${benchDatabase}_${processes}`);
    const url = new URL(serverUrl);
    url.pathname = `/${benchDatabase}_${processes}`;
    // migrate once before the writers start, so the figure is writes only
    await (await openPostgresStore({ url: url.toString() })).close();
    line('postgres', await writers(processes, 'postgres', url.toString()));
  }
  if (!postgresAnswers) console.log('store.postgres.createApplication: not measured (PostgreSQL is not answering; set KAKEHASHI_BENCH_POSTGRES_URL)');
} finally {
  rmSync(processesDirectory, { recursive: true, force: true });
  if (postgresAnswers) for (const processes of [1, 2]) await admin.unsafe(`DROP DATABASE IF EXISTS ${benchDatabase}_${processes} WITH (FORCE)`);
  await admin.end({ timeout: 1 });
}
