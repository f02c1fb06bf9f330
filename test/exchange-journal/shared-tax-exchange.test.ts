import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaxAdapter } from '../../adapters/tax/index.js';
import type { PendingEntry } from '../../adapters/tax/journal.js';
import { ExchangeLeaseLostError, type ExchangeJournal, type SharedExchangeJournals } from '../../src/exchange-journal/exchange-journal.js';
import { postgresExchangeJournals } from '../../src/exchange-journal/postgres-exchange-journals.js';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { applyPostgresMigrations } from '../../src/store/postgres/migrations.js';
import { adapterContext, exchangeDirectory, list, makeAdapter, messageIdsOfRequestFiles, makeSimulator, PEOPLE, ReplyRecorder, silentLogger, taxMessage, TestClock } from '../adapters/tax/helpers.js';
import { freshPostgresSchema, testPostgresDatabase } from '../support/postgres.js';

// Two "processes" are two adapters with journals of their own (own pools, own owner names) on one schema and one exchange directory.
const database = testPostgresDatabase();
const LEASE_MS = 900;
const DAY_MS = 24 * 3600_000;

let exchange: { path: string; cleanup: () => Promise<void> };
let schema: { url: string; schema: string; cleanup: () => Promise<void> };
let clock: TestClock;
let recorder: ReplyRecorder;
const opened: { close?(): Promise<void> }[] = [];

const dir = (name: string): string => join(exchange.path, name);
// residents whose names the tax system's character set holds as they are
const people = [PEOPLE.ito, PEOPLE.sasaki, PEOPLE.nakamuraTome];

beforeEach(async () => {
  exchange = await exchangeDirectory();
  schema = await freshPostgresSchema(database);
  // the tables are the store's: its migrations make them, as the gateway's store does at start
  const migrator = connectPostgres({ url: schema.url, schema: schema.schema, max: 1 });
  await applyPostgresMigrations(migrator).finally(() => migrator.end({ timeout: 1 }));
  clock = new TestClock('2025-06-02T13:00:00.000Z');
  recorder = new ReplyRecorder();
});
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close?.();
  await schema.cleanup();
  await exchange.cleanup();
});

function journals(): SharedExchangeJournals {
  return postgresExchangeJournals({ url: schema.url, schema: schema.schema, clock: clock.now, logger: silentLogger });
}

/** One gateway process's tax adapter on the shared journal. */
function processAdapter(options: { maxMessages?: number; pollIntervalMs?: number } = {}): TaxAdapter {
  const shared = journals();
  const adapter = makeAdapter(exchange.path, clock, recorder, {
    cutoff: { maxMessages: options.maxMessages ?? 5 },
    pollIntervalMs: options.pollIntervalMs ?? 3_600_000,
    openJournal: ({ retentionMs }) => shared.open<PendingEntry>('tax', { leaseMs: LEASE_MS, retentionMs }),
  });
  opened.push(adapter);
  return adapter;
}

async function openJournal(): Promise<ExchangeJournal<PendingEntry>> {
  const journal = await journals().open<PendingEntry>('tax', { leaseMs: LEASE_MS, retentionMs: 30 * DAY_MS });
  opened.push(journal);
  return journal;
}

const requestedIds = (): Promise<string[]> => messageIdsOfRequestFiles(dir('outbox'));

const entryOf = (id: string): PendingEntry => ({ messageId: `app-${id}:send-to-tax`, acceptedAt: clock.now().toISOString(), values: { messageId: `app-${id}:send-to-tax` } });

describe('the tax exchange shared by several gateway processes (PostgreSQL)', () => {
  it('takes messages from every process and writes each into one request file, from the owner only', async () => {
    const first = processAdapter();
    const second = processAdapter();
    await first.tick();
    for (let i = 1; i <= 12; i += 1) {
      const adapter = i % 2 === 0 ? second : first;
      await adapter.deliver(taxMessage(String(i), people[i % people.length]!), adapterContext(clock));
    }
    // the same message again, through the other process: still one record
    await second.deliver(taxMessage('1', people[1]!), adapterContext(clock));
    expect(await second.cutoffNow()).toBeNull();
    expect(await second.pendingCount()).toBe(2);
    expect(await first.cutoffNow()).not.toBeNull();

    const ids = await requestedIds();
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await list(dir('outbox'))).toHaveLength(3);
    expect(await first.pendingCount()).toBe(0);
  });

  it('refuses every write of a process whose lease another process has taken over', async () => {
    const stale = await openJournal();
    const current = await openJournal();
    expect(await stale.ownership.acquire()).toBe(true);
    expect(await current.ownership.acquire()).toBe(false);
    await stale.accept(entryOf('1'));

    await sleep(LEASE_MS + 100); // the stale process stalls past its lease
    expect(stale.ownership.holds()).toBe(false);
    expect(await current.ownership.acquire()).toBe(true);

    const manifest = { fileName: 'KKH_REQ_20250602220000_000001.dat', sequence: 1, createdAt: clock.now().toISOString(), messageIds: ['app-1:send-to-tax'], state: 'writing' as const };
    await expect(stale.beginBatch(manifest)).rejects.toBeInstanceOf(ExchangeLeaseLostError);
    await expect(stale.recordResult({ fileName: 'KKH_RES_20250602220000_000001.dat', sha256: 'a'.repeat(64), processedAt: clock.now().toISOString(), resumed: ['app-1:send-to-tax'] })).rejects.toBeInstanceOf(ExchangeLeaseLostError);
    expect(await current.batch(manifest.fileName)).toBeUndefined();
    expect(await current.wasResumed('app-1:send-to-tax')).toBe(false);
    expect(await current.waitingCount()).toBe(1);
    // and the stale process, asking again, learns it is not the owner
    expect(await stale.ownership.acquire()).toBe(false);
  });

  it('lets another process finish the batch of an owner that died between its manifest and its file, within a lease', async () => {
    const dying = await openJournal();
    const survivor = processAdapter({ pollIntervalMs: 50 });
    for (const [i, person] of people.slice(0, 3).entries()) await survivor.deliver(taxMessage(String(i + 1), person), adapterContext(clock));
    expect(await dying.ownership.acquire()).toBe(false); // the survivor's deliveries made it the owner: give the exchange to the dying one
    await survivor.stop();
    expect(await dying.ownership.acquire()).toBe(true);
    const batch = await dying.waiting(10);
    const manifest = { fileName: 'KKH_REQ_20250602220000_000001.dat', sequence: 1, createdAt: clock.now().toISOString(), messageIds: batch.map((entry) => entry.messageId), state: 'writing' as const };
    await dying.beginBatch(manifest);
    const diedAt = Date.now();
    // the owner is gone without a word: no file, no release

    survivor.start();
    while ((await list(dir('outbox'))).length === 0) {
      if (Date.now() - diedAt > LEASE_MS * 3) throw new Error('no process took the exchange over');
      await sleep(20);
    }
    const tookMs = Date.now() - diedAt;
    await survivor.stop();
    expect(await list(dir('outbox'))).toEqual([manifest.fileName]);
    expect(await requestedIds()).toEqual(manifest.messageIds);
    expect(tookMs).toBeLessThan(LEASE_MS + 500);
  });

  it('hands the exchange over at once when its owner stops, and a result file seen by the first owner is not resumed again by the next', async () => {
    const simulator = await makeSimulator(exchange.path, clock);
    const first = processAdapter();
    const second = processAdapter();
    await first.deliver(taxMessage('1', PEOPLE.ito), adapterContext(clock));
    expect(await first.cutoffNow()).not.toBeNull();
    await simulator.poll();
    const [resultFile] = await list(dir('inbox'));
    const reports = await first.pollInbox();
    expect(reports).toMatchObject([{ outcome: 'processed', resumed: 1 }]);
    await first.stop();

    // the tax system sends the same file again; the next owner takes over without waiting for the lease
    await copyFile(join(dir('processed'), resultFile!), join(dir('inbox'), resultFile!));
    const before = Date.now();
    expect(await second.pollInbox()).toMatchObject([{ outcome: 'rejected' }]);
    expect(Date.now() - before).toBeLessThan(LEASE_MS);
    expect(recorder.replies.filter((item) => item.key === 'app-1:send-to-tax')).toHaveLength(1);
    await simulator.close();
  });
});
