import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { seedFixtureUploads } from '../support/fixture-uploads.js';
import { ApplicationGenerator } from './application-generator.js';
import { startGateway } from './bench-servers.js';
import { runLoadGenerator, type Figure } from './load-figure.js';

/**
 * Growth: does intake, and reading an application back, stay as fast once the
 * store holds many applications? One SQLite store is filled with generated
 * applications (application-generator.ts) up to each size of BENCH_GROWTH_SIZES
 * (0, 100k, 1M by default) in turn; at each size the intake-only gateway is
 * started on it and measured under load: POST /v1/applications (load-generator.ts)
 * and GET /v1/applications/{id} of ids sampled across the whole store
 * (status-load-generator.ts). The fill goes through the Store contract, so it
 * writes what intake writes, in whatever schema the store has today; it hands
 * the store FILL_BATCH applications per event-loop turn, which its group commit
 * writes as one transaction.
 */
const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '0,100000,1000000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const WARM_UP_SECONDS = 1;
const FILL_BATCH = 2_000;
/** How many ids the GET load cycles through, sampled evenly across the store. */
const SAMPLED_IDS = 5_000;
const SAMPLE = 'fixtures/applications/business-support-grant/valid-corporation.json';
const largest = Math.max(...SIZES);

/** Adds applications [from, to) of the generated history; returns the ids of every `step`-th one. */
async function fill(store: Store, generator: ApplicationGenerator, from: number, to: number, step: number): Promise<string[]> {
  const sampled: string[] = [];
  for (let start = from; start < to; start += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, to - start) }, (_, offset) => generator.next(start + offset));
    await Promise.all(batch.map((application) => store.createApplication(application)));
    batch.forEach((application, offset) => {
      if ((start + offset) % step === 0) sampled.push(application.application.id);
    });
  }
  return sampled;
}

const summary = (figure: Figure) =>
  `${figure.perSecond.toFixed(0)} req/s, p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms` + (figure.non2xx + figure.errors > 0 ? `, non-2xx ${figure.non2xx}, errors ${figure.errors}  ← NOT A VALID FIGURE` : '');

const directory = mkdtempSync(join(tmpdir(), 'kakehashi-growth-'));
const storePath = join(directory, 'kakehashi.db');
// the history ends now, so GET answers are computed for open and finished applications alike
const generator = new ApplicationGenerator({ endMs: Date.now(), spanDays: 365, total: largest });
const sampleStep = Math.max(1, Math.floor(largest / SAMPLED_IDS));
const ids: string[] = [];
let filled = 0;
let invalid = false;
console.log(`growth bench: sizes ${SIZES.join(', ')}; ${SECONDS} s per measurement, ${CONNECTIONS} connections; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  for (const size of SIZES) {
    const store = openSqliteStore({ path: storePath });
    const started = performance.now();
    ids.push(...(await fill(store, generator, filled, size, sampleStep)));
    const fillSeconds = (performance.now() - started) / 1000;
    // the intake sample references uploads: recorded as a frontend would have uploaded them (once; later rounds find them)
    await seedFixtureUploads(store);
    await store.close();
    if (size > filled) console.log(`filled ${filled} → ${size} in ${fillSeconds.toFixed(1)} s (${((size - filled) / fillSeconds).toFixed(0)} applications/s); store file ${(statSync(storePath).size / 1e6).toFixed(0)} MB`);
    filled = Math.max(filled, size);

    const gateway = await startGateway(directory, 'runner: { enabled: false }\n', { KAKEHASHI_SQLITE_PATH: storePath });
    try {
      const url = `${gateway.base}/v1/applications`;
      await runLoadGenerator('load-generator.ts', [url, SAMPLE, String(WARM_UP_SECONDS), String(CONNECTIONS)]);
      const intake = await runLoadGenerator('load-generator.ts', [url, SAMPLE, String(SECONDS), String(CONNECTIONS)]);
      let status: Figure | undefined;
      if (ids.length > 0) {
        const idsFile = join(directory, 'ids.txt');
        writeFileSync(idsFile, ids.join('\n'));
        await runLoadGenerator('status-load-generator.ts', [gateway.base, idsFile, String(WARM_UP_SECONDS), String(CONNECTIONS)]);
        status = await runLoadGenerator('status-load-generator.ts', [gateway.base, idsFile, String(SECONDS), String(CONNECTIONS)]);
      }
      for (const figure of [intake, status]) if (figure && figure.non2xx + figure.errors > 0) invalid = true;
      console.log(`at ${size} applications: intake ${summary(intake)}; GET /v1/applications/{id} ${status ? summary(status) : 'not measured (nothing stored yet)'}`);
    } finally {
      await gateway.stop();
    }
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; compare sizes within one run`);
  if (invalid) {
    console.log('some runs answered non-2xx or failed: those figures are not valid');
    process.exitCode = 1;
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
