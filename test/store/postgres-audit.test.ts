import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { openTwoStoresOnOneSchema, testPostgresDatabase } from '../support/postgres.js';
import { expectOneChainFromTwoWriters } from './audit-two-writers.js';
import { at } from './store-fixtures.js';

const database = testPostgresDatabase();

/** Two stores on one schema, as two gateway processes sharing one database have them. */
describe('PostgreSQL store, two processes on one database', () => {
  let first: Store;
  let second: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ first, second, cleanup } = await openTwoStoresOnOneSchema(database)));

  afterEach(() => cleanup());

  it('appends to one audit chain from both', async () => {
    await expectOneChainFromTwoWriters(first, second);
  });

  it('hands each staff sign-in to exactly one of two processes taking it at once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `sign-in-${i}`);
    for (const id of ids) {
      await first.saveStaffSignIn({ id, state: `state-${id}`, nonce: `nonce-${id}`, codeVerifier: `verifier-${id}`, returnTo: '/console', createdAt: at(0), expiresAt: at(600) });
    }
    const takes = await Promise.all(ids.flatMap((id) => [first.takeStaffSignIn(id, at(10)), second.takeStaffSignIn(id, at(10))]));
    expect(takes.filter((taken) => taken !== null).map((taken) => taken!.id).sort()).toEqual([...ids].sort());
  });

  it('lets exactly one of two processes take each prefill challenge; the other is told it was used', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `challenge-${i}`);
    for (const id of ids) await first.savePrefillChallenge({ id, clientId: 'frontend-a', createdAt: at(0), expiresAt: at(300) });
    const takes = await Promise.all(ids.map((id) => Promise.all([first.takePrefillChallenge(id, 'frontend-a', at(10)), second.takePrefillChallenge(id, 'frontend-a', at(10))])));
    for (const pair of takes) expect(pair.sort()).toEqual(['taken', 'used']);
  });
});
