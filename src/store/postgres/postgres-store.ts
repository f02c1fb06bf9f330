import type { Logger } from '../../logger.js';
import { composeParts } from '../compose-parts.js';
import type { Store } from '../types.js';
import { PostgresApplicationStore } from './application-store.js';
import { PostgresIdempotencyStore } from './idempotency-store.js';
import { PostgresJobStore } from './job-store.js';
import { PostgresDeadLetterStore } from './dead-letter-store.js';
import { PostgresDeliveryStore } from './delivery-store.js';
import { PostgresCertificateStore } from './certificate-store.js';
import { PostgresPickupStore } from './pickup-store.js';
import { PostgresCallbackReceiptStore } from './callback-receipt-store.js';
import { PostgresRetentionStore } from './retention-store.js';
import { PostgresAuditStore } from './audit-store.js';
import { PostgresReviewStore } from './review-store.js';
import { PostgresFormEventStore } from './form-event-store.js';
import { PostgresStaffSessionStore } from './staff-session-store.js';
import { PostgresWebhookStore } from './webhook-store.js';
import { PostgresPrefillChallengeStore } from './prefill-challenge-store.js';
import { PostgresOperationalStatisticsStore } from './operational-statistics-store.js';
import { PostgresAttachmentStore } from './attachment-store.js';
import { connectPostgres, describePostgresUrl } from './connect.js';
import { PostgresLifecycle } from './lifecycle-store.js';
import { applyPostgresMigrations } from './migrations.js';
import { PostgresContext } from './postgres-context.js';

/** Options for {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Schema holding the tables (default `public`); tests give each store its own. */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  logger?: Logger;
}

/**
 * The production store for several gateway processes: every part one class
 * over a shared {@link PostgresContext}, composed into the whole contract.
 */
export function createPostgresStore(context: PostgresContext): Store {
  return composeParts(
    new PostgresApplicationStore(context),
    new PostgresIdempotencyStore(context),
    new PostgresJobStore(context),
    new PostgresDeadLetterStore(context),
    new PostgresDeliveryStore(context),
    new PostgresCertificateStore(context),
    new PostgresPickupStore(context),
    new PostgresCallbackReceiptStore(context),
    new PostgresRetentionStore(context),
    new PostgresAuditStore(context),
    new PostgresReviewStore(context),
    new PostgresFormEventStore(context),
    new PostgresStaffSessionStore(context),
    new PostgresWebhookStore(context),
    new PostgresPrefillChallengeStore(context),
    new PostgresOperationalStatisticsStore(context),
    new PostgresAttachmentStore(context),
    new PostgresLifecycle(context),
  );
}

/**
 * Connects to PostgreSQL, applies pending migrations under an advisory lock,
 * and returns the store. Rejects (saying where, without the password) when
 * the server does not answer, and with a `ConfigurationError` when the
 * database was written by a newer schema.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const sql = connectPostgres({ url: options.url, schema: options.schema, max: options.maxConnections });
  try {
    await applyPostgresMigrations(sql, options.logger);
  } catch (error) {
    await sql.end({ timeout: 1 });
    if (error instanceof Error && (error as { code?: unknown }).code === 'ECONNREFUSED') {
      throw new Error(`PostgreSQL does not answer at ${describePostgresUrl(options.url)}`, { cause: error });
    }
    throw error;
  }
  options.logger?.info({ store: describePostgresUrl(options.url) }, 'PostgreSQL store open');
  return createPostgresStore(new PostgresContext(sql, options.logger));
}
