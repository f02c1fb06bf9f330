import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { listenForJobs } from '../../src/store/postgres/job-wakeups.js';
import type { JobRecord, Store } from '../../src/store/types.js';
import { openFreshPostgresStore, openTwoStoresOnOneSchema, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication, newJob } from './store-fixtures.js';

const database = testPostgresDatabase();

/** `count` ready jobs of one application, due at `at(0)`: `job-000` … */
async function readyJobs(store: Store, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `job-${String(i).padStart(3, '0')}`);
  await store.createApplication(newApplication('app-1', { job: newJob(ids[0]!, 'app-1') }));
  for (const id of ids.slice(1)) await store.enqueueJob(newJob(id, 'app-1'), at(0));
  return ids;
}

/** Claims in batches of `limit` until a claim comes back empty; every job it was handed. */
async function claimUntilEmpty(store: Store, owner: string, now: number, limit: number): Promise<JobRecord[]> {
  const claimed: JobRecord[] = [];
  for (;;) {
    const batch = await store.claimJobs(owner, at(now), at(now + 60), limit);
    if (batch.length === 0) return claimed;
    claimed.push(...batch);
  }
}

/** Two stores on one schema, as two gateway processes sharing one database have them. */
describe('PostgreSQL jobs, two processes on one database', () => {
  let first: Store;
  let second: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ first, second, cleanup } = await openTwoStoresOnOneSchema(database)));

  afterEach(() => cleanup());

  it('hands 200 ready jobs to claimers in both processes as disjoint sets covering all of them', async () => {
    const ids = await readyJobs(first, 200);
    const claimers = [first, second].flatMap((store, s) => [0, 1, 2].map((c) => claimUntilEmpty(store, `runner-${s}-${c}`, 1, 7)));
    const claims = await Promise.all(claimers);

    const claimedIds = claims.flat().map((job) => job.id);
    expect(claimedIds).toHaveLength(200);
    expect([...claimedIds].sort()).toEqual(ids);
    expect([claims.slice(0, 3).flat().length, claims.slice(3).flat().length].every((taken) => taken > 0)).toBe(true);
    for (const [i, batch] of claims.entries()) {
      const owner = `runner-${Math.floor(i / 3)}-${i % 3}`;
      for (const job of batch) expect(job).toMatchObject({ state: 'leased', leaseOwner: owner });
    }
    const stored = await second.listJobs('app-1');
    const ownerOf = new Map(claims.flatMap((batch) => batch.map((job) => [job.id, job.leaseOwner])));
    for (const job of stored) expect(job.leaseOwner).toBe(ownerOf.get(job.id));
    expect(await first.countJobs()).toEqual({ ready: 0, leased: 200, waiting: 0, dead: 0 });
  });

  it('lets either the late owner finish a job or the other process reclaim it, never both', async () => {
    const ids = await readyJobs(first, 60);
    expect(await first.claimJobs('runner-old', at(1), at(60), 60)).toHaveLength(60);

    const [completions, reclaimed] = await Promise.all([
      Promise.all(ids.map((id) => first.completeJob(id, 'runner-old', at(61)))),
      claimUntilEmpty(second, 'runner-new', 61, 5),
    ]);

    const reclaimedIds = new Set(reclaimed.map((job) => job.id));
    expect(reclaimedIds.size).toBe(reclaimed.length);
    for (const [i, id] of ids.entries()) {
      expect(completions[i]).toBe(!reclaimedIds.has(id));
      const job = await second.getJob(id);
      expect(job?.state).toBe(reclaimedIds.has(id) ? 'leased' : 'done');
    }
  });
});

describe('PostgreSQL job wake-ups', () => {
  let first: Store;
  let second: Store;
  let listener: Sql;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openFreshPostgresStore(database);
    first = opened.store;
    second = await openPostgresStore({ url: opened.url, schema: opened.schema, maxConnections: 4 });
    listener = connectPostgres({ url: opened.url, schema: opened.schema, max: 1 });
    cleanup = async () => {
      await listener.end({ timeout: 1 });
      await second.close();
      await opened.cleanup();
    };
  });

  afterEach(() => cleanup());

  /** Counts wakes; `next()` resolves at the next one. */
  function wakeCounter() {
    let count = 0;
    let waiter: (() => void) | undefined;
    return {
      onWake: () => {
        count++;
        waiter?.();
      },
      get count() {
        return count;
      },
      next: () => new Promise<void>((resolve) => (waiter = resolve)),
    };
  }

  it('wakes a listener when another process makes a job due, in commit order, and not for a job due later', async () => {
    await second.createApplication(newApplication('app-1', { job: newJob('job-0', 'app-1', { runAt: at(0) }) }));
    const wakes = wakeCounter();
    const stop = await listenForJobs(listener, wakes.onWake);
    expect(wakes.count).toBe(1); // once on listening: what was sent while not listening is found by the next claim

    let woken = wakes.next();
    await second.enqueueJob(newJob('job-later', 'app-1', { runAt: at(5) }), at(0));
    await second.enqueueJob(newJob('job-1', 'app-1', { runAt: at(0) }), at(0));
    await woken;
    expect(wakes.count).toBe(2);

    woken = wakes.next();
    await first.claimJobs('runner-1', at(1), at(60), 1);
    await first.retryJob('job-0', 'runner-1', at(2), at(30), 'registry timed out');
    await first.claimJobs('runner-1', at(2), at(60), 1);
    await first.releaseLeases('runner-1', at(3));
    await woken;
    expect(wakes.count).toBe(3);

    await stop();
    const marker = wakeCounter();
    const stopMarker = await listenForJobs(listener, marker.onWake);
    woken = marker.next();
    await second.enqueueJob(newJob('job-2', 'app-1', { runAt: at(0) }), at(3));
    await woken;
    await stopMarker();
    expect(wakes.count).toBe(3);
  });
});
