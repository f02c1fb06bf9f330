import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { runRetentionPurge } from '../../src/retention/retention-purge.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { addIsoDuration } from '../../src/time/iso-duration.js';
import { HANAKO, personalValues, TARO, writeFullApplication, writeRejectedApplication } from '../store/retention-fixtures.js';
import { at } from '../store/store-fixtures.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';
import { redisKeysText, sqliteTablesText } from './raw-contents.js';

const catalog = await loadCatalog('mappings/procedures');
const RETENTION = catalog.get('juminhyo-copy')!.procedure.retention;
/** The old applications became terminal here; the period of the recent one runs a year longer. */
const OLD_TERMINAL = 100;
const RECENT_TERMINAL = 365 * 86_400;
const PERIOD_ENDS = addIsoDuration(new Date(at(OLD_TERMINAL)), RETENTION);

interface OpenedStore {
  store: Store;
  /** Everything the store holds, read around the store's own code. */
  rawText: () => Promise<string>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openSqlite(): Promise<OpenedStore & { path: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-retention-'));
  const path = join(directory, 'kakehashi.db');
  const store = openSqliteStore({ path });
  cleanups.push(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return { store, path, rawText: async () => sqliteTablesText(path) };
}

async function openRedis(): Promise<OpenedStore> {
  const prefix = `kakehashi-test:${randomUUID()}:`;
  const store = createRedisStore({ redis: await connectTestRedis(), prefix });
  const reader = await connectTestRedis();
  cleanups.push(async () => {
    await store.close();
    await deleteKeys(reader, prefix);
    reader.disconnect();
  });
  return { store, rawText: () => redisKeysText(reader, prefix) };
}

/** Four applications whose period ends at PERIOD_ENDS (one rejected by staff) and one whose period is a year from over. */
async function writeApplications(store: Store): Promise<void> {
  for (const id of ['old-1', 'old-2', 'old-3']) await writeFullApplication(store, id, HANAKO, OLD_TERMINAL);
  await writeFullApplication(store, 'recent', TARO, RECENT_TERMINAL);
  // Last, so that the fixtures' runners never claim its job.
  await writeRejectedApplication(store, 'old-rejected', HANAKO, OLD_TERMINAL);
}

const purge = (store: Store, now: Date) => runRetentionPurge({ store, catalog, clock: () => now, batchSize: 2 });

describe.each([
  ['sqlite', openSqlite],
  ['redis', openRedis],
] as const)('retention purge against %s', (_name, open) => {
  it('purges nothing a moment before the period ends', async () => {
    const { store, rawText } = await open();
    await writeApplications(store);
    expect(await purge(store, new Date(PERIOD_ENDS.getTime() - 1))).toEqual({ purged: 0, procedures: 0 });
    const raw = await rawText();
    for (const value of personalValues(HANAKO)) expect(raw).toContain(value);
  });

  it('once the period is over, leaves none of the resident’s data anywhere in the store, keeps the anonymised record, and leaves the recent one alone', async () => {
    const { store, rawText } = await open();
    await writeApplications(store);
    const recentBefore = { application: await store.getApplication('recent'), jobs: await store.listJobs('recent'), certificate: await store.getCertificate('crt-recent') };

    expect(await purge(store, PERIOD_ENDS)).toEqual({ purged: 4, procedures: 1 });

    const raw = await rawText();
    for (const value of personalValues(HANAKO)) expect(raw, `${value} left in the store`).not.toContain(value);
    // The scan does see form values: the recent application's are all there.
    for (const value of personalValues(TARO)) expect(raw).toContain(value);
    for (const id of ['old-1', 'old-2', 'old-3']) {
      expect(await store.getApplication(id)).toMatchObject({ id, procedureId: 'juminhyo-copy', status: 'issued', form: {}, purgedAt: PERIOD_ENDS.toISOString() });
      expect((await store.getTimeline(id)).map((entry) => [entry.status, entry.at])).toEqual([
        ['received', at(0)],
        ['in-progress', at(1)],
        ['issued', at(OLD_TERMINAL)],
      ]);
      expect(await store.getCertificate(`crt-${id}`)).toMatchObject({ documentHash: `hash-of-crt-${id}`, document: '', purgedAt: PERIOD_ENDS.toISOString() });
    }
    expect(await store.getReview('old-rejected')).toMatchObject({ state: 'rejected', ward: '271276', reason: null, approvals: [] });
    expect({ application: await store.getApplication('recent'), jobs: await store.listJobs('recent'), certificate: await store.getCertificate('crt-recent') }).toEqual(recentBefore);

    expect(await purge(store, new Date(PERIOD_ENDS.getTime() + 86_400_000))).toEqual({ purged: 0, procedures: 0 });
  });
});

describe('retention purge against sqlite, in the file itself', () => {
  it('leaves none of the resident’s data in the bytes of the database file and its write-ahead log', async () => {
    const { store, path } = await openSqlite();
    await writeApplications(store);
    await purge(store, PERIOD_ENDS);
    const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
    for (const value of personalValues(HANAKO)) expect(bytes.includes(Buffer.from(value, 'utf8')), `${value} left in the file`).toBe(false);
    expect(bytes.includes(Buffer.from(TARO.address, 'utf8'))).toBe(true);
  });
});
