import type { Sql } from 'postgres';
import { ConfigurationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { POSTGRES_MIGRATIONS } from './schema.js';

/** One numbered schema change. Never edit a published migration: add the next one. */
export interface PostgresMigration {
  /** 1, 2, 3 … in order; recorded in `schema_migrations` once applied. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Any fixed number works, as long as every gateway process of this schema
 * uses the same one: it serialises migrations across processes.
 */
const MIGRATION_LOCK_KEY = 0x6b616b65; // "kake"

/**
 * Applies the pending migrations, each in its own transaction, while holding
 * a transaction-level advisory lock: processes starting together migrate
 * once, the others wait and then find nothing to do. Throws a
 * `ConfigurationError` when the database was written by a newer schema.
 */
export async function applyPostgresMigrations(sql: Sql, logger?: Logger, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<void> {
  const known = migrations.at(-1)?.version ?? 0;
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`;
    const [row] = await tx<{ version: number | null }[]>`SELECT max(version) AS version FROM schema_migrations`;
    const current = row?.version ?? 0;
    if (current > known) {
      throw new ConfigurationError(`the PostgreSQL store was written by a newer Kakehashi (schema ${current}; this build knows up to ${known}); upgrade Kakehashi`);
    }
    for (const migration of migrations.filter((candidate) => candidate.version > current)) {
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO schema_migrations (version, description) VALUES (${migration.version}, ${migration.description})`;
      logger?.info({ version: migration.version, description: migration.description }, 'store migration applied');
    }
  });
}
