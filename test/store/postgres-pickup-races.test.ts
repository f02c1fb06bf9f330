import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PickupRecord, Store } from '../../src/store/types.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication } from './store-fixtures.js';

const database = testPostgresDatabase();

/** Two gateway processes on one database: two stores, each with its own connection pool, on one schema. */
describe('PostgreSQL store: two processes racing one pickup or callback', () => {
  let first: Store;
  let second: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const fresh = await openFreshPostgresStore(database);
    first = fresh.store;
    second = await openPostgresStore({ url: fresh.url, schema: fresh.schema, maxConnections: 4 });
    cleanup = async () => {
      await second.close();
      await fresh.cleanup();
    };
    await first.createApplication(newApplication('app-1'));
  });

  afterEach(() => cleanup());

  const requested = (certificateId: string, code: string): PickupRecord => ({
    code,
    certificateId,
    applicationId: 'app-1',
    requestId: `app-1:issue-certificate:${certificateId}`,
    certificateType: 'juminhyo-copy',
    copies: 1,
    fee: 300,
    expiresAt: at(86_400),
    status: 'requested',
    notBefore: at(0),
    fetchedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
  });

  /** `times` calls from each process, all started at once. */
  const fromBoth = <T>(times: number, call: (store: Store, i: number) => Promise<T>): Promise<T[]> =>
    Promise.all(Array.from({ length: times * 2 }, (_, i) => call(i % 2 === 0 ? first : second, i)));

  it('hands a document out once when both processes fetch its code at once', async () => {
    const codes = ['111111111111', '222222222222', '333333333333'];
    for (const [i, code] of codes.entries()) await first.savePickup(requested(`cert-${i}`, code));
    for (const code of codes) {
      const answers = await fromBoth(8, (store) => store.markPickupFetched(code, at(10)));
      expect(answers.filter((answer) => answer === 'ok')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'already-fetched')).toHaveLength(15);
      expect(await second.getPickup(code)).toMatchObject({ status: 'fetched', fetchedAt: at(10) });
    }
  });

  it('records a print report once when both processes receive it at once', async () => {
    await first.savePickup(requested('cert-1', '123456789012'));
    await first.markPickupFetched('123456789012', at(10));
    const answers = await fromBoth(8, (store, i) => store.updatePickupStatus('123456789012', 'printed', at(20 + i)));
    expect(answers.filter((answer) => answer === 'updated')).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'unchanged')).toHaveLength(15);
    const winner = answers.indexOf('updated');
    expect(await first.getPickup('123456789012')).toMatchObject({ status: 'printed', updatedAt: at(20 + winner), fetchedAt: at(10) });
  });

  it('counts wrong check parts from both processes one by one and locks the code once', async () => {
    await first.savePickup(requested('cert-1', '123456789012'));
    const tallies = await fromBoth(10, (store, i) => store.recordWrongCheckPart('cert-1', at(i), 5));
    expect(tallies.map((tally) => tally.wrongCheckParts).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const lock = await second.getPickupLock('cert-1');
    expect(lock.wrongCheckParts).toBe(20);
    expect(new Set(tallies.map((tally) => tally.lockedAt).filter((lockedAt) => lockedAt !== null))).toEqual(new Set([lock.lockedAt]));
    expect(await second.markPickupFetched('123456789012', at(30))).toBe('locked');
  });

  it('gives one pickup number to one certificate when both processes save it for two at once', async () => {
    const saves = await Promise.allSettled([first.savePickup(requested('cert-a', '123456780001')), second.savePickup(requested('cert-b', '123456780002'))]);
    const saved = saves.filter((save) => save.status === 'fulfilled');
    const refused = saves.flatMap((save) => (save.status === 'rejected' ? [save.reason as unknown] : []));
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ConflictError);
    expect((refused[0] as ConflictError).code).toBe('duplicate-pickup-code');
    const winner = (await first.findPickupByNumber('12345678'))?.certificateId;
    expect(await second.getPickupByCertificate(winner === 'cert-a' ? 'cert-b' : 'cert-a')).toBeNull();
  });

  it('saves one pickup when both processes save the same certificate first at once, and never reopens a fetched one', async () => {
    const saved = await fromBoth(4, (store) => store.savePickup(requested('cert-1', '123456789012')));
    expect(saved.every((pickup) => pickup.code === '123456789012')).toBe(true);
    await first.markPickupFetched('123456789012', at(10));
    const late = await fromBoth(4, (store) => store.savePickup(requested('cert-1', '123456789012')));
    expect(late.every((pickup) => pickup.status === 'fetched')).toBe(true);
    expect(await second.markPickupFetched('123456789012', at(11))).toBe('already-fetched');
  });

  it('records one callback receipt once when both processes receive it at once', async () => {
    for (const receiptId of ['r-1', 'r-2', 'r-3']) {
      const results = await fromBoth(8, (store) => store.recordCallbackReceipt('convenience-store', receiptId, at(0), at(600)));
      expect(results.filter((result) => result === 'recorded')).toHaveLength(1);
      expect(results.filter((result) => result === 'duplicate')).toHaveLength(15);
    }
  });

  it('records an expired receipt anew once when both processes receive it again at once', async () => {
    await first.recordCallbackReceipt('welfare', 'r-1', at(0), at(600));
    const results = await fromBoth(8, (store) => store.recordCallbackReceipt('welfare', 'r-1', at(600), at(1_200)));
    expect(results.filter((result) => result === 'recorded')).toHaveLength(1);
    expect(await second.recordCallbackReceipt('welfare', 'r-1', at(1_199), at(1_800))).toBe('duplicate');
  });
});
