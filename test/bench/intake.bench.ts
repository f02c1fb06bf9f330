import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { seedFixtureUploads } from '../support/fixture-uploads.js';
import { BenchDatabases } from './bench-databases.js';
import { startGateway, startServer, type RunningServer } from './bench-servers.js';
import { runLoadGenerator, type Figure } from './load-figure.js';

/**
 * Intake throughput over real HTTP at concurrency 64, every target in its own
 * process and the load from autocannon in yet another (see load-generator.ts),
 * each request with a fresh Idempotency-Key and a valid business-support-grant
 * submission. Four targets, measured in alternating rounds (A B C D A B C D …)
 * so the machine's drift hits them alike:
 * - bare Hono handler: what the HTTP stack and the generator can do at all;
 * - durable ceiling: the least a durable intake must do (durable-ceiling-server.ts);
 * - gateway intake-only: src/main.ts with `runner.enabled: false`;
 * - gateway dev profile: src/main.ts as `npm start` runs it (runner and simulators in process);
 * - gateway intake-only on PostgreSQL, one process and two (the load split between them,
 *   one autocannon process each): skipped, saying so, when PostgreSQL does not answer.
 * Every gateway and ceiling process starts on fresh data (a fresh database for PostgreSQL). A run where a target
 * answered anything but 2xx is not a valid figure: the bench prints it and exits 1.
 * BENCH_ROUNDS (5) and BENCH_SECONDS (5) shorten it for a quick look.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP_SECONDS = 1;
const SAMPLE = 'fixtures/applications/business-support-grant/valid-corporation.json';

/** One or more processes that share a target's load. */
interface RunningTarget {
  bases: string[];
  stop: () => Promise<void>;
}

interface Target {
  name: string;
  start: (data: string) => Promise<RunningTarget>;
}

const one = async (server: Promise<RunningServer>): Promise<RunningTarget> => {
  const running = await server;
  return { bases: [running.base], stop: running.stop };
};

const workDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-'));

/**
 * One load run: a separate autocannon process per target process, the connections split between them.
 * Rates and counts add up; latency is the worse of the processes'.
 */
async function load(bases: string[], seconds: number): Promise<Figure> {
  const connections = String(Math.round(CONNECTIONS / bases.length));
  const figures = await Promise.all(bases.map((base) => runLoadGenerator('load-generator.ts', [`${base}/v1/applications`, SAMPLE, String(seconds), connections])));
  const sum = (pick: (figure: Figure) => number) => figures.reduce((total, figure) => total + pick(figure), 0);
  const worst = (pick: (figure: Figure) => number) => Math.max(...figures.map(pick));
  return { perSecond: sum((f) => f.perSecond), ok: sum((f) => f.ok), non2xx: sum((f) => f.non2xx), errors: sum((f) => f.errors), p50Ms: worst((f) => f.p50Ms), p99Ms: worst((f) => f.p99Ms) };
}

const databases = new BenchDatabases();
const postgresAnswers = await databases.answers();

/** `count` intake-only gateways on one fresh PostgreSQL database, each with its own data directory. */
async function postgresGateways(data: string, count: number): Promise<RunningTarget> {
  const url = await databases.fresh();
  const servers = await Promise.all(Array.from({ length: count }, (_, i) => startGateway(mkdtempSync(join(data, `process-${i}-`)), `runner: { enabled: false }\nstore: { kind: postgres, url: '${url}' }\n`)));
  return { bases: servers.map((server) => server.base), stop: async () => void (await Promise.all(servers.map((server) => server.stop()))) };
}

function gateway(extra: string) {
  return async (data: string) => {
    // the sample references uploads: recorded before the start, as a frontend would have uploaded them
    const seeding = openSqliteStore({ path: join(data, 'kakehashi.db') });
    await seedFixtureUploads(seeding);
    await seeding.close();
    return one(startGateway(data, extra));
  };
}

const targets: Target[] = [
  { name: 'bare Hono handler', start: () => one(startServer(['test/bench/bare-hono-server.ts'])) },
  { name: 'durable ceiling', start: () => one(startServer(['test/bench/durable-ceiling-server.ts'])) },
  { name: 'gateway intake-only', start: gateway('runner: { enabled: false }\n') },
  { name: 'gateway dev profile', start: gateway('') },
  ...(postgresAnswers
    ? [
        { name: 'gateway intake-only postgres×1', start: (data: string) => postgresGateways(data, 1) },
        { name: 'gateway intake-only postgres×2', start: (data: string) => postgresGateways(data, 2) },
      ]
    : []),
];
if (!postgresAnswers) console.log('gateway intake-only postgres: not measured (PostgreSQL is not answering; set KAKEHASHI_BENCH_POSTGRES_URL)');
const filter = process.env.BENCH_TARGETS?.split(',');
const selected = filter ? targets.filter((t) => filter.some((f) => t.name.includes(f))) : targets;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[], digits = 0) =>
  `median ${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
const load3 = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const figures = new Map<string, Figure[]>(selected.map((t) => [t.name, []]));
let invalid = false;
console.log(`intake bench: ${ROUNDS} rounds × ${SECONDS} s per target, ${CONNECTIONS} connections, autocannon in its own process; load average at start ${load3()}`);
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of selected) {
      const server = await target.start(mkdtempSync(join(workDirectory, 'target-')));
      try {
        await load(server.bases, WARM_UP_SECONDS);
        const figure = await load(server.bases, SECONDS);
        figures.get(target.name)!.push(figure);
        const failures = figure.non2xx + figure.errors;
        if (failures > 0) invalid = true;
        console.log(
          `round ${round} ${target.name}: ${figure.perSecond.toFixed(0)} req/s, p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, ` +
            `2xx ${figure.ok}, non-2xx ${figure.non2xx}, errors ${figure.errors}${failures > 0 ? '  ← NOT A VALID FIGURE' : ''}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  const medianRate = (name: string) => median((figures.get(name) ?? []).map((f) => f.perSecond));
  console.log(`\nsummary (median and range over ${ROUNDS} rounds; load average at end ${load3()}):`);
  for (const [name, runs] of figures) {
    const rate = medianRate(name);
    const ratios = ['durable ceiling', 'bare Hono handler']
      .filter((reference) => figures.has(reference) && reference !== name)
      .map((reference) => `${percent(rate / medianRate(reference))} of ${reference}`);
    console.log(
      `${name}: req/s ${spread(runs.map((f) => f.perSecond))}, p50 ms ${spread(runs.map((f) => f.p50Ms), 1)}, p99 ms ${spread(runs.map((f) => f.p99Ms), 1)}` +
        (ratios.length ? `; ${ratios.join(', ')}` : ''),
    );
  }
  console.log('targets: gateway intake-only ≥ 60% of the durable ceiling, dev profile ≥ 40%; p99 ≤ 25 ms and ≤ 3× p50');
  if (invalid) {
    console.log('some runs answered non-2xx or failed: those figures are not valid');
    process.exitCode = 1;
  }
} finally {
  rmSync(workDirectory, { recursive: true, force: true });
  await databases.dropAll();
}
