import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { testPostgresDatabase } from '../support/postgres.js';

const database = testPostgresDatabase();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/**
 * A server restart or `pg_terminate_backend` ends connections at any moment,
 * also while one is still opening. The store's pool must fail the queries on
 * it (the store answers 503) and never reject a promise nobody holds, which
 * would end the gateway's process. The window is narrow: with the pool's old
 * setting (`fetch_types` on) about half the runs of this test caught it.
 */
describe('PostgreSQL connections ended by the server at any moment', () => {
  it('fails only the queries that were on them, leaves no unhandled rejection, and answers again afterwards', async () => {
    const url = await database();
    const pool = connectPostgres({ url, max: 8 });
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    let failed = 0;
    let answered = 0;
    let ended = 0;
    const stopAt = Date.now() + 4_000;
    const client = async () => {
      while (Date.now() < stopAt) {
        try {
          await pool`SELECT 1 AS one`;
          answered++;
        } catch {
          failed++;
          await delay(5);
        }
      }
    };
    const terminator = async () => {
      while (Date.now() < stopAt) {
        const rows = await admin`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kakehashi'`;
        ended += rows.filter((row) => row['ended'] === true).length;
      }
    };
    await Promise.all([...Array.from({ length: 16 }, client), terminator()]);
    // a settled moment for rejections from connections that were still opening
    await delay(200);
    const [row] = await pool<{ one: number }[]>`SELECT 1 AS one`;
    await pool.end({ timeout: 1 });
    await admin.end({ timeout: 1 });

    expect(ended).toBeGreaterThan(10);
    expect(failed).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
    expect(unhandled.map(String)).toEqual([]);
    expect(row!.one).toBe(1);
  }, 60_000);
});
