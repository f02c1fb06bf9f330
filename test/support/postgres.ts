import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import postgres from 'postgres';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';

/** The server the tests use; each test file creates (and drops) a database of its own there. */
export const TEST_POSTGRES_URL = process.env.KAKEHASHI_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const NOT_ANSWERING = `PostgreSQL is not answering at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} — start it: bash scripts/start-postgres.sh (or set KAKEHASHI_TEST_POSTGRES_URL)`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A database of this test file's own, created on first use and dropped after
 * the file's tests (forcing out connections a test left open). Fails with
 * the command that starts PostgreSQL when the server does not answer.
 */
export function testPostgresDatabase(): () => Promise<string> {
  const name = `kakehashi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  let created: Promise<string> | undefined;
  afterAll(async () => {
    if (!created) return;
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end({ timeout: 1 });
    }
  });
  return () => {
    created ??= (async () => {
      const admin = postgres(TEST_POSTGRES_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ECONNREFUSED' || code === 'CONNECT_TIMEOUT') throw new Error(NOT_ANSWERING, { cause: error });
        throw error;
      } finally {
        await admin.end({ timeout: 1 });
      }
      return withDatabase(TEST_POSTGRES_URL, name);
    })();
    return created;
  };
}

/** Opens a fresh, empty store in a new schema of `database`; cleanup closes it and drops the schema. */
export async function openFreshPostgresStore(database: () => Promise<string>): Promise<{ store: Store; url: string; schema: string; cleanup: () => Promise<void> }> {
  const fresh = await freshPostgresSchema(database, 'store');
  const store = await openPostgresStore({ url: fresh.url, schema: fresh.schema, maxConnections: 4 });
  return {
    store,
    url: fresh.url,
    schema: fresh.schema,
    cleanup: async () => {
      await store.close();
      await fresh.cleanup();
    },
  };
}

/** Two stores on one fresh schema, as two gateway processes sharing one database have them; cleanup closes both and drops the schema. */
export async function openTwoStoresOnOneSchema(database: () => Promise<string>): Promise<{ first: Store; second: Store; cleanup: () => Promise<void> }> {
  const opened = await openFreshPostgresStore(database);
  const second = await openPostgresStore({ url: opened.url, schema: opened.schema, maxConnections: 4 });
  return {
    first: opened.store,
    second,
    cleanup: async () => {
      await second.close();
      await opened.cleanup();
    },
  };
}

/** A fresh, empty schema of `database` (no store opened on it); cleanup drops it. */
export async function freshPostgresSchema(database: () => Promise<string>, prefix = 'schema'): Promise<{ url: string; schema: string; cleanup: () => Promise<void> }> {
  const url = await database();
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  return {
    url,
    schema,
    cleanup: async () => {
      const janitor = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await janitor.unsafe(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await janitor.end({ timeout: 1 });
      }
    },
  };
}
