import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { openTwoStoresOnOneSchema, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication } from './store-fixtures.js';

const database = testPostgresDatabase();

/** Two stores on one schema, as two gateway processes running the retention purge over one database have them. */
describe('PostgreSQL store, two processes purging at once', () => {
  let first: Store;
  let second: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ first, second, cleanup } = await openTwoStoresOnOneSchema(database)));

  afterEach(() => cleanup());

  it('purges each application once, and both compact afterwards', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `app-${i}`);
    for (const id of ids) {
      await first.createApplication(newApplication(id));
      await first.appendTimeline(id, { status: 'rejected', at: at(10), source: 'office', detail: '書類が不足しています' });
    }
    const purged = await Promise.all(ids.flatMap((id) => [first.purgeApplication(id, at(10), at(100)), second.purgeApplication(id, at(10), at(100))]));
    expect(purged.filter(Boolean)).toHaveLength(ids.length);
    await Promise.all([first.compactAfterPurge(), second.compactAfterPurge()]);
    expect(await second.listRetentionEnded('juminhyo-copy', at(10), 100)).toEqual([]);
    expect((await second.getTimeline('app-0')).map((entry) => entry.detail)).toEqual(['', '']);
    expect((await second.getApplication('app-0'))?.form).toEqual({});
  });
});
