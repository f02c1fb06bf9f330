import { describe, expect, it } from 'vitest';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { describeFormEventStoreContract } from './form-events.contract.js';
import { describeRetentionContract } from './retention.contract.js';
import { describeAuditContract } from './audit.contract.js';
import { describeStoreContract } from './contract/index.js';

const database = testPostgresDatabase();
const openTestStore = () => openFreshPostgresStore(database);

describeStoreContract('postgres', openTestStore);
describeRetentionContract('postgres', openTestStore);
describeFormEventStoreContract('postgres', openTestStore);
describeAuditContract('postgres', openTestStore);

describe('PostgreSQL store', () => {
  it('answers ping and takes the probe write once migrated', async () => {
    const { store, cleanup } = await openTestStore();
    expect(await store.ping()).toBe(true);
    await store.probeWrite('2026-01-01T00:00:00.000Z');
    await cleanup();
    expect(await store.ping()).toBe(false);
  });
});
