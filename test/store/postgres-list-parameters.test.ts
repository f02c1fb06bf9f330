import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication } from './store-fixtures.js';

const database = testPostgresDatabase();

/** The PostgreSQL queries that take a list (as JSON or an IN list; the pool reads no array types), with lists of several values. */
describe('PostgreSQL queries that take lists', () => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ store, cleanup } = await openFreshPostgresStore(database)));

  afterEach(() => cleanup());

  it('enqueues status webhooks for each listed client and leases several deliveries at once', async () => {
    await store.setWebhookClients(['frontend-a', 'frontend-b', 'frontend-a']);
    await store.createApplication(newApplication('app-a'));
    await store.createApplication(newApplication('app-b', { application: { ...newApplication('app-b').application, clientId: 'frontend-b' } }));
    await store.createApplication(newApplication('app-c', { application: { ...newApplication('app-c').application, clientId: 'frontend-c' } }));

    const leased = await store.leaseWebhookDeliveries(at(10), at(70), 10);
    expect(leased.map((delivery) => delivery.applicationId).sort()).toEqual(['app-a', 'app-b']);
    expect(leased.every((delivery) => delivery.nextAttemptAt === at(70))).toBe(true);
    // the lease moved both past now: a second look finds nothing due
    expect(await store.leaseWebhookDeliveries(at(11), at(71), 10)).toEqual([]);
  });

  it('times completions by the first completing status only', async () => {
    await store.createApplication(newApplication('app-a'));
    await store.createApplication(newApplication('app-b'));
    await store.appendTimeline('app-a', { status: 'completed', at: at(90), source: 'runner', detail: 'completed' });
    await store.appendTimeline('app-b', { status: 'in-progress', at: at(30), source: 'runner', detail: 'in progress' });

    const times = await store.listCompletionTimes({ from: at(0), before: at(1) });
    expect(times).toEqual([{ procedureId: 'juminhyo-copy', seconds: 90 }]);
  });
});
