import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import postgres, { type Sql } from 'postgres';
import { ConflictError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { ClaimTakenError, type Store } from '../../src/store/types.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication, newJob } from './store-fixtures.js';

const database = testPostgresDatabase();

/**
 * Runs `race` while a third connection holds `table` in EXCLUSIVE mode (reads
 * pass, writes wait), and lets go once `writers` writes wait on it: each of
 * them has read the table before any of them wrote, the interleaving in
 * which a check-then-insert would let both through.
 */
async function raceOnTable<T>(admin: Sql, table: string, writers: number, race: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const holder = admin.begin(async (tx) => {
    await tx.unsafe(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    locked();
    await released;
  });
  await lockTaken;
  const outcome = race();
  for (let waiting = 0; waiting < writers; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    [{ waiting }] = await admin<[{ waiting: number }]>`SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = ${table}::regclass AND NOT granted`;
  }
  release();
  await holder;
  return outcome;
}

/** Two stores on one schema, as two gateway processes sharing one database have them. */
describe('PostgreSQL store, two processes taking intake at once', () => {
  let first: Store;
  let second: Store;
  let admin: Sql;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openFreshPostgresStore(database);
    first = opened.store;
    second = await openPostgresStore({ url: opened.url, schema: opened.schema, maxConnections: 4 });
    admin = postgres(opened.url, { max: 2, onnotice: () => {}, connection: { search_path: opened.schema } });
    cleanup = async () => {
      await admin.end({ timeout: 1 });
      await second.close();
      await opened.cleanup();
    };
  });

  afterEach(() => cleanup());

  it('gives the claim to one of two applications taking it at once; the other gets ClaimTakenError and keeps nothing', async () => {
    const claims = [{ kind: 'payment', key: 'paypay:pay-1' }];
    const outcomes = await raceOnTable(admin, 'claims', 2, () =>
      Promise.allSettled([
        first.createApplication(newApplication('app-a', { claims })),
        second.createApplication(newApplication('app-b', { claims })),
      ]),
    );
    const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(won).not.toBe(-1);
    expect(lost?.reason).toBeInstanceOf(ClaimTakenError);
    expect((lost?.reason as ClaimTakenError).claim).toEqual(claims[0]);
    const [winner, loser] = won === 0 ? ['app-a', 'app-b'] : ['app-b', 'app-a'];
    expect((await first.getApplication(winner))?.id).toBe(winner);
    expect(await second.getApplication(loser)).toBeNull();
    expect(await second.getTimeline(loser)).toEqual([]);
    // The loser's other claim (its signature) was not kept either.
    await first.createApplication(newApplication('app-c', { claims: [{ kind: 'signature', key: `digest-${loser}` }] }));
  });

  it('refuses the second of two applications with one id created at once as duplicate-application, keeping the first whole', async () => {
    const outcomes = await raceOnTable(admin, 'applications', 2, () =>
      Promise.allSettled([
        first.createApplication(newApplication('app-1', { job: newJob('job-a', 'app-1'), claims: [{ kind: 'signature', key: 'digest-a' }] })),
        second.createApplication(newApplication('app-1', { job: newJob('job-b', 'app-1'), claims: [{ kind: 'signature', key: 'digest-b' }] })),
      ]),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    expect((lost?.reason as ConflictError).code).toBe('duplicate-application');
    const loserDigest = outcomes[0].status === 'rejected' ? 'digest-a' : 'digest-b';
    expect(await first.getTimeline('app-1')).toHaveLength(1);
    await second.createApplication(newApplication('app-2', { claims: [{ kind: 'signature', key: loserDigest }] }));
  });

  it('starts a new idempotency key for exactly one of two processes beginning it at once', async () => {
    const outcomes = await raceOnTable(admin, 'idempotency', 2, () =>
      Promise.all([first.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60)), second.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60))]),
    );
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['in-flight', 'started']);
  });

  it('restarts an expired idempotency key for exactly one of two processes beginning it at once', async () => {
    await first.beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
    const outcomes = await raceOnTable(admin, 'idempotency', 2, () =>
      Promise.all([first.beginIdempotent('frontend-a', 'k1', 'h2', at(60), at(120)), second.beginIdempotent('frontend-a', 'k1', 'h2', at(60), at(120))]),
    );
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['in-flight', 'started']);
  });

  it('starts each of 20 keys exactly once when two processes begin all of them at once', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const outcomes = await Promise.all(
      keys.flatMap((key) => [first.beginIdempotent('frontend-a', key, 'h1', at(0), at(60)), second.beginIdempotent('frontend-a', key, 'h1', at(0), at(60))]),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'started')).toHaveLength(20);
  });
});
