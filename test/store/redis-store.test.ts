import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/index.js';
import { connectTestRedis as connect, deleteKeys } from '../support/redis.js';
import { describeFormEventStoreContract } from './form-events.contract.js';
import { describeRetentionContract } from './retention.contract.js';
import { describeAuditContract } from './audit.contract.js';
import { describeStoreContract } from './contract/index.js';
import { expectOneChainFromTwoWriters } from './audit-two-writers.js';
import { at, newApplication } from './store-fixtures.js';

async function openTestStore() {
  const prefix = `kakehashi-test:${randomUUID()}:`;
  const redis = await connect();
  const store = createRedisStore({ redis, prefix });
  return {
    prefix,
    store,
    cleanup: async () => {
      await store.close();
      const janitor = await connect();
      await deleteKeys(janitor, prefix);
      janitor.disconnect();
    },
  };
}

describeStoreContract('redis', openTestStore);
describeRetentionContract('redis', openTestStore);
describeFormEventStoreContract('redis', openTestStore);
describeAuditContract('redis', openTestStore);

describe('Redis store', () => {
  it('keeps every key under its prefix, and leaves nothing after cleanup', async () => {
    const { prefix, store, cleanup } = await openTestStore();
    await store.createApplication(newApplication('app-1'));
    await store.beginIdempotent('frontend-a', 'k', 'h', at(0), at(60));
    await store.claimJobs('runner-1', at(1), at(60), 10);
    const observer = await connect();
    const keys = await observer.keys('*');
    const ours = keys.filter((key) => key.startsWith(prefix));
    expect(ours.length).toBeGreaterThan(3);
    await cleanup();
    expect((await observer.keys('*')).filter((key) => key.startsWith(prefix))).toEqual([]);
    observer.disconnect();
  });

  it('indexes applications that were terminal before the retention index existed, once', async () => {
    const { prefix, store, cleanup } = await openTestStore();
    await store.createApplication(newApplication('app-done'));
    await store.appendTimeline('app-done', { status: 'completed', at: at(20), source: 'runner', detail: 'done' });
    await store.createApplication(newApplication('app-open'));
    await store.appendTimeline('app-open', { status: 'in-progress', at: at(30), source: 'runner', detail: 'working' });
    // As an older gateway left the data: no index, no marker.
    const admin = await connect();
    await admin.del(`${prefix}retention:juminhyo-copy`, `${prefix}retention-indexed`);
    const later = createRedisStore({ redis: await connect(), prefix });
    expect(await later.listRetentionEnded('juminhyo-copy', at(1000), 10)).toEqual(['app-done']);
    expect(await admin.exists(`${prefix}retention-indexed`)).toBe(1);
    expect(await later.purgeApplication('app-done', at(1000), at(1001))).toBe(true);
    await later.close();
    admin.disconnect();
    await cleanup();
  });

  it('keeps two stores with different prefixes apart on one server', async () => {
    const first = await openTestStore();
    const second = await openTestStore();
    await first.store.createApplication(newApplication('app-1'));
    expect(await second.store.getApplication('app-1')).toBeNull();
    await second.store.createApplication(newApplication('app-1'));
    expect(await second.store.claimJobs('runner', at(1), at(60), 10)).toHaveLength(1);
    expect(await first.store.claimJobs('runner', at(1), at(60), 10)).toHaveLength(1);
    await first.cleanup();
    await second.cleanup();
  });

  it('recovers when the server forgot its scripts', async () => {
    const { store, cleanup } = await openTestStore();
    await store.createApplication(newApplication('app-1'));
    const admin = await connect();
    await admin.script('FLUSH');
    admin.disconnect();
    await store.createApplication(newApplication('app-2'));
    expect((await store.getApplication('app-2'))?.id).toBe('app-2');
    await cleanup();
  });

  it('lets a callback receipt expire with a TTL of its keepUntil, so nothing needs purging', async () => {
    const { prefix, store, cleanup } = await openTestStore();
    await store.recordCallbackReceipt('welfare', 'r-1', at(0), at(600));
    const observer = await connect();
    const ttl = await observer.pttl(`${prefix}callback-receipt:["welfare","r-1"]`);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    observer.disconnect();
    await cleanup();
  });

  it('answers ping with false once closed', async () => {
    const { store, cleanup } = await openTestStore();
    await store.close();
    expect(await store.ping()).toBe(false);
    await cleanup();
  });
});

describe('Redis audit trail across connections', () => {
  it('never gives appends from two stores on one prefix the same seq or prevHash', async () => {
    const { prefix, store: first, cleanup } = await openTestStore();
    const second = createRedisStore({ redis: await connect(), prefix });
    try {
      await expectOneChainFromTwoWriters(first, second);
    } finally {
      await second.close();
      await cleanup();
    }
  });
});
