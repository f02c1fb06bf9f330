import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormEventKind, FormEventRecord } from '../../src/store/form-event-store.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';

const database = testPostgresDatabase();
const DAYS = ['2026-04-01', '2026-04-02'] as const;
const POINTERS = ['', '/applicant/name', '/applicant/address', '/request/copies', '/children/-/name'];
/** Submits are rare, as on real forms: a submitted session counts no more. */
const KINDS: FormEventKind[] = [...Array<FormEventKind>(10).fill('view'), ...Array<FormEventKind>(10).fill('focus'), 'error', 'error', 'error', 'leave', 'leave', 'leave', 'submit'];

/** A repeatable pseudo-random stream: many sessions, every kind of event, over two days, in time order. */
function eventStream(length: number, kinds: readonly FormEventKind[] = KINDS): FormEventRecord[] {
  let seed = 20260401;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
  return Array.from({ length }, (_, i) => {
    const kind = kinds[next(kinds.length)]!;
    const day = DAYS[i < length / 2 ? 0 : 1];
    return {
      procedureId: next(4) === 0 ? 'tax-certificate' : 'juminhyo-copy',
      session: `s-${next(300)}`,
      pointer: POINTERS[next(POINTERS.length)]!,
      event: kind,
      at: new Date(Date.UTC(2026, 2, 31, 15, 0, i)).toISOString(),
      day,
      code: kind === 'error' ? ['required', 'too-long'][next(2)]! : '',
    };
  });
}

function batches(events: readonly FormEventRecord[], size: number): FormEventRecord[][] {
  return Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, (i + 1) * size));
}

const countsOf = async (store: Store) => ({
  juminhyo: await store.listFormEventCounts('juminhyo-copy', DAYS[0], DAYS[1]),
  tax: await store.listFormEventCounts('tax-certificate', DAYS[0], DAYS[1]),
});

describe('PostgreSQL form-event counts', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let url: string;
  let schema: string;

  beforeEach(async () => {
    ({ store, cleanup, url, schema } = await openFreshPostgresStore(database));
  });

  afterEach(() => cleanup());

  it('counts a long stream of batches exactly as the SQLite store does', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kakehashi-form-events-'));
    const sqlite = openSqliteStore({ path: join(directory, 'kakehashi.db') });
    try {
      for (const batch of batches(eventStream(3000), 250)) {
        await store.recordFormEvents(batch);
        await sqlite.recordFormEvents(batch);
      }
      const expected = await countsOf(sqlite);
      expect(expected.juminhyo.length).toBeGreaterThan(20);
      expect(await countsOf(store)).toEqual(expected);
    } finally {
      await sqlite.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('counts each session once when two processes record batches of the same sessions at once', async () => {
    const second = await openPostgresStore({ url, schema, maxConnections: 4 });
    const reference = await openFreshPostgresStore(database);
    try {
      // Views, focuses and errors of one day: their counts do not depend on which batch lands first.
      const events = eventStream(2000, ['view', 'focus', 'error']).map((event) => ({ ...event, day: DAYS[0] }));
      await Promise.all(batches(events, 100).map((batch, i) => (i % 2 === 0 ? store : second).recordFormEvents(batch)));
      for (const batch of batches(events, 100)) await reference.store.recordFormEvents(batch);
      expect(await countsOf(store)).toEqual(await countsOf(reference.store));
    } finally {
      await second.close();
      await reference.cleanup();
    }
  });
});
