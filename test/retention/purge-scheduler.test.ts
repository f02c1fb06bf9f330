import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { parseConfig } from '../../src/config.js';
import { ConfigurationError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createMetricsRegistry } from '../../src/metrics/registry.js';
import { RetentionMetrics } from '../../src/metrics/retention-metrics.js';
import { scheduleRetentionPurge } from '../../src/retention/purge-scheduler.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { latestStartEndedBy } from '../../src/time/iso-duration.js';
import { HANAKO, personalValues, TARO, writeFullApplication } from '../store/retention-fixtures.js';
import { at } from '../store/store-fixtures.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { FIXTURE_NOW } from '../support/fixture-time.js';
import { STAFF, startTestGateway, type TestGateway } from '../support/gateway.js';

/** Seconds from the store fixtures' epoch (2026-04-01) back to 2019-04-01: a P5Y period from then ended in 2024. */
const SEVEN_YEARS_BEFORE = -(7 * 365 + 2) * 86_400;
/**
 * A day after the latest terminal time whose P5Y (juminhyo-copy) period has ended by the gateway's clock
 * (the fixtures' "today"): not due by that clock, but due by the real one on any later day.
 */
const DUE_ONLY_BY_THE_REAL_CLOCK = (latestStartEndedBy(FIXTURE_NOW, 'P5Y').getTime() + 86_400_000 - Date.parse(at(0))) / 1000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function temporaryStore(): Store {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-retention-'));
  const store = openSqliteStore({ path: join(directory, 'kakehashi.db') });
  cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
  return store;
}

describe('the retention purge in a running gateway', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.dispose();
    gateway = undefined;
  });

  it('runs at the start on the gateway clock, logs one line of counts, and counts what it purged in /metrics', async () => {
    const store = temporaryStore();
    await writeFullApplication(store, 'long-done', HANAKO, SEVEN_YEARS_BEFORE);
    await writeFullApplication(store, 'recent', TARO, DUE_ONLY_BY_THE_REAL_CLOCK);
    gateway = await startTestGateway({ store, startRunner: true });

    const line = await until(() => gateway!.logLines().find((text) => text.includes('retention purge run')), 'the purge log line');
    expect(JSON.parse(line)).toMatchObject({ level: 30, component: 'retention', purged: 1, procedures: 1, msg: 'retention purge run' });
    expect(gateway.logLines().filter((text) => text.includes('retention purge run'))).toHaveLength(1);
    for (const value of personalValues(HANAKO)) expect(gateway.logLines().join('\n')).not.toContain(value);

    expect((await gateway.store.getApplication('long-done'))?.purgedAt).toBeDefined();
    expect((await gateway.store.getApplication('recent'))?.purgedAt).toBeUndefined();
    const samples = parseExposition(await (await gateway.app.request('/metrics', { headers: STAFF })).text());
    expect(sampleValue(samples, 'kakehashi_retention_purged_total')).toBe(1);
    expect(sampleValue(samples, 'kakehashi_retention_purge_runs_total', { outcome: 'ok' })).toBe(1);
  });
});

describe('scheduleRetentionPurge', () => {
  it('logs each failed run, counts it, tries again at the next interval, and stops when told', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (chunk, _encoding, callback) => (lines.push(String(chunk)), callback()) }) });
    const registry = createMetricsRegistry();
    let calls = 0;
    const failing = {
      listRetentionEnded: async () => {
        calls += 1;
        throw new Error('disk I/O error');
      },
      purgeApplication: async () => false,
      compactAfterPurge: async () => {},
    };
    const stop = scheduleRetentionPurge({
      store: failing,
      catalog: await loadCatalog('mappings/procedures'),
      clock: () => new Date('2031-01-01T00:00:00Z'),
      batchSize: 10,
      intervalMs: 100,
      logger,
      metrics: new RetentionMetrics(registry),
    });
    await until(() => (calls >= 2 ? true : undefined), 'a second run');
    await stop();
    const failures = lines.filter((line) => line.includes('retention purge run failed'));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(failures[0]!)).toMatchObject({ level: 40, err: { message: 'disk I/O error' } });
    const samples = parseExposition(await registry.metrics());
    expect(sampleValue(samples, 'kakehashi_retention_purge_runs_total', { outcome: 'failed' })).toBe(failures.length);
    const callsAfterStop = calls;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(calls).toBe(callsAfterStop);
  });

  it('refuses a purge interval that is not an exact duration, naming the setting', () => {
    for (const purgeEvery of ['P1M', 'daily', 'PT0S', 'P30D']) {
      expect(() => parseConfig({ profile: 'dev', retention: { purgeEvery } })).toThrow(ConfigurationError);
      expect(() => parseConfig({ profile: 'dev', retention: { purgeEvery } })).toThrow(/retention\.purgeEvery/);
    }
    expect(parseConfig({ profile: 'dev' }).retention).toEqual({ purgeEvery: 'P1D', batchSize: 100 });
  });
});
