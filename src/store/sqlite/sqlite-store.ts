import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../logger.js';
import { composeParts } from '../compose-parts.js';
import type { Store } from '../types.js';
import { SqliteApplicationStore } from './application-store.js';
import { SqliteAttachmentStore } from './attachment-store.js';
import { SqliteAuditStore } from './audit-store.js';
import { SqliteCallbackReceiptStore } from './callback-receipt-store.js';
import { SqliteCertificateStore } from './certificate-store.js';
import { SqliteDeadLetterStore } from './dead-letter-store.js';
import { SqliteDeliveryStore } from './delivery-store.js';
import { SqliteFormEventStore } from './form-event-store.js';
import { SqliteIdempotencyStore } from './idempotency-store.js';
import { SqliteJobStore } from './job-store.js';
import { SqliteOperationalStatisticsStore } from './operational-statistics-store.js';
import { SqliteLifecycle } from './lifecycle-store.js';
import { applyMigrations } from './migrations.js';
import { SqlitePickupStore } from './pickup-store.js';
import { SqlitePrefillChallengeStore } from './prefill-challenge-store.js';
import { SqliteRetentionStore } from './retention-store.js';
import { SqliteReviewStore } from './review-store.js';
import { BUSY_TIMEOUT_MS, SqliteContext } from './sqlite-context.js';
import { SqliteStaffSessionStore } from './staff-session-store.js';
import { SqliteWebhookStore } from './webhook-store.js';

/** What {@link openSqliteStore} returns: the whole contract, nothing SQLite-specific. */
export type SqliteStore = Store;

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; its parent directory is created when missing. */
  path: string;
  logger?: Logger;
}

/**
 * The embedded Store: one SQLite file in WAL mode with `synchronous=FULL`, so
 * every commit is fsync'd before a write's promise resolves. One part class
 * per concern (the part interfaces in `../parts/`), all sharing one
 * {@link SqliteContext}: writes of every part submitted in one turn of the
 * event loop share one transaction (one fsync), each in its own savepoint.
 * Reads are direct synchronous queries and see committed data only.
 */
export function createSqliteStore(db: Database.Database, logger?: Logger): SqliteStore {
  const context = new SqliteContext(db, logger);
  return composeParts(
    new SqliteApplicationStore(context),
    new SqliteIdempotencyStore(context),
    new SqliteJobStore(context),
    new SqliteDeadLetterStore(context),
    new SqliteDeliveryStore(context),
    new SqliteCertificateStore(context),
    new SqlitePickupStore(context),
    new SqliteCallbackReceiptStore(context),
    new SqliteRetentionStore(context),
    new SqliteAuditStore(context),
    new SqliteReviewStore(context),
    new SqliteFormEventStore(context),
    new SqliteStaffSessionStore(context),
    new SqliteWebhookStore(context),
    new SqlitePrefillChallengeStore(context),
    new SqliteOperationalStatisticsStore(context),
    new SqliteAttachmentStore(context),
    new SqliteLifecycle(context),
  );
}

/**
 * Opens (creating when missing) the SQLite store at `options.path`, applies
 * pending schema migrations, and returns it ready for use. Throws a
 * `ConfigurationError` when the file was written by a newer schema.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return createSqliteStore(openSqliteDatabase(options), options.logger);
}

/**
 * The connection {@link openSqliteStore} uses: the file in WAL mode with
 * `synchronous=FULL`, foreign keys and secure delete on, migrations applied.
 */
export function openSqliteDatabase(options: SqliteStoreOptions): Database.Database {
  mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten values are zeroed in the file, so a retention purge leaves nothing behind in free space.
    db.pragma('secure_delete = ON');
    applyMigrations(db, options.path, undefined, options.logger);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
