import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, startServer } from './bench-servers.js';
import { runLoadGenerator, type Figure } from './load-figure.js';

/**
 * Form-event ingest over real HTTP: POST /v1/form-events in batches of 50 new
 * visits' events (form-event-load.ts, autocannon in its own process) against
 * - bare Hono handler: reads the JSON body and answers 202, nothing checked or counted;
 * - gateway intake-only: src/main.ts with `runner.enabled: false`, SQLite store,
 *   the form-event rate limit on (its cost is part of the figure) far above the load.
 * Measured in alternating rounds on fresh data. Target: the gateway takes
 * ≥ 20,000 events/s on this machine. A run with non-2xx answers is not a valid
 * figure: the bench prints it and exits 1. BENCH_ROUNDS (3), BENCH_SECONDS (5),
 * BENCH_CONNECTIONS (16), BENCH_BATCH (50).
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const TARGET_EVENTS_PER_SECOND = 20_000;
const PATH = '/v1/form-events';

/** One run: its figure counts batches (one request each); events are `BATCH` times that. */
const load = (url: string, seconds: number) => runLoadGenerator('form-event-load.ts', [url, String(seconds), String(CONNECTIONS), String(BATCH)]);
const eventsPerSecond = (figure: Figure) => figure.perSecond * BATCH;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// startGateway's settings keep the form-event rate limit on (its cost is part of the figure) but far above the load
const settings = 'runner: { enabled: false }\n';

const targets = [
  { name: 'bare Hono handler', start: () => startServer(['test/bench/bare-hono-server.ts']) },
  { name: 'gateway intake-only', start: (data: string) => startGateway(data, settings) },
];
const workDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-'));
const figures = new Map<string, Figure[]>(targets.map((target) => [target.name, []]));
const load3 = () => loadavg().map((l) => l.toFixed(2)).join(' ');
let invalid = false;
console.log(`form-event bench: ${ROUNDS} rounds × ${SECONDS} s per target, batches of ${BATCH}, ${CONNECTIONS} connections; load average at start ${load3()}`);
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of targets) {
      const server = await target.start(mkdtempSync(join(workDirectory, 'target-')));
      try {
        await load(`${server.base}${PATH}`, 1);
        const figure = await load(`${server.base}${PATH}`, SECONDS);
        figures.get(target.name)!.push(figure);
        const failures = figure.non2xx + figure.errors;
        if (failures > 0) invalid = true;
        console.log(
          `round ${round} ${target.name}: ${eventsPerSecond(figure).toFixed(0)} events/s (${figure.perSecond.toFixed(0)} batches/s), ` +
            `p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, non-2xx ${figure.non2xx}, errors ${figure.errors}${failures > 0 ? '  ← NOT A VALID FIGURE' : ''}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  const rate = (name: string) => median(figures.get(name)!.map(eventsPerSecond));
  console.log(`\nsummary (median over ${ROUNDS} rounds; load average at end ${load3()}):`);
  for (const [name, runs] of figures) {
    const values = runs.map(eventsPerSecond);
    console.log(`${name}: events/s median ${rate(name).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`);
  }
  console.log(
    `gateway: ${((rate('gateway intake-only') / rate('bare Hono handler')) * 100).toFixed(0)}% of the bare Hono handler; target ≥ ${TARGET_EVENTS_PER_SECOND} events/s`,
  );
  if (invalid) {
    console.log('some runs answered non-2xx or failed: those figures are not valid');
    process.exitCode = 1;
  }
} finally {
  rmSync(workDirectory, { recursive: true, force: true });
}
