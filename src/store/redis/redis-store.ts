import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { composeParts } from '../compose-parts.js';
import type { Store } from '../types.js';
import { RedisApplicationStore } from './application-store.js';
import { RedisAttachmentStore } from './attachment-store.js';
import { RedisAuditStore } from './audit-store.js';
import { RedisCallbackReceiptStore } from './callback-receipt-store.js';
import { RedisCertificateStore } from './certificate-store.js';
import { RedisDeadLetterStore } from './dead-letter-store.js';
import { RedisDeliveryStore } from './delivery-store.js';
import { RedisFormEventStore } from './form-event-store.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisJobStore } from './job-store.js';
import { RedisOperationalStatisticsStore } from './operational-statistics-store.js';
import { RedisLifecycle, warnUnlessAppendOnly } from './lifecycle-store.js';
import { RedisPickupStore } from './pickup-store.js';
import { RedisPrefillChallengeStore } from './prefill-challenge-store.js';
import { RedisContext } from './redis-context.js';
import { RedisRetentionStore } from './retention-store.js';
import { RedisReviewStore } from './review-store.js';
import { RedisStaffSessionStore } from './staff-session-store.js';
import { RedisWebhookStore } from './webhook-store.js';

/** What {@link createRedisStore} returns: the whole contract, nothing Redis-specific. */
export type RedisStore = Store;

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connected (or connecting) ioredis client. The store owns it: `close()` quits it. */
  redis: Redis;
  /** Every key the store touches starts with this, e.g. `kakehashi:`. */
  prefix: string;
  logger?: Logger;
}

/**
 * The scaled-out Store: several gateway processes share one Redis. One part
 * class per concern (the part interfaces in `../parts/`), all sharing one
 * {@link RedisContext}.
 *
 * Atomicity: every write that touches more than one key is one Lua script
 * (EVALSHA), which Redis runs without interleaving: `createApplication`
 * checks every claim, the application id and the job id before writing
 * anything; `beginIdempotent`, `claimJobs` and each lease-checked transition
 * are single scripts. Writes whose rule is decided in TypeScript (merging
 * JSON in `updateApplication` and `resumeWaiting`, as Lua's cjson would alter
 * numbers and empty arrays; the pickup transitions) commit with a
 * compare-and-set script that applies only if the stored value is still the
 * one read, retrying otherwise.
 *
 * Durability: a write resolves when Redis has executed it. Whether it is on
 * disk then is decided by the SERVER's persistence, not by this code: only
 * with `appendonly yes` and `appendfsync always` does Redis fsync its
 * append-only file before it answers, which gives the same guarantee as the
 * SQLite store. With `everysec` up to a second of acknowledged writes can be
 * lost on a crash; with persistence off, everything. This store calls
 * neither `WAIT` (replicas) nor anything else to pretend otherwise; at
 * creation it logs a warning when the server reports AOF disabled.
 *
 * Layout: see `keys.ts`. Keys are built inside the scripts from the prefix,
 * so this store needs a single Redis (standalone or Sentinel), not Cluster.
 * Times must be `Date.prototype.toISOString()` strings: ordering and expiry
 * use their millisecond values.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const context = new RedisContext(options.redis, options.prefix);
  const store = composeParts(
    new RedisApplicationStore(context),
    new RedisIdempotencyStore(context),
    new RedisJobStore(context),
    new RedisDeadLetterStore(context),
    new RedisDeliveryStore(context),
    new RedisCertificateStore(context),
    new RedisPickupStore(context),
    new RedisCallbackReceiptStore(context),
    new RedisRetentionStore(context),
    new RedisAuditStore(context),
    new RedisReviewStore(context),
    new RedisFormEventStore(context),
    new RedisStaffSessionStore(context),
    new RedisWebhookStore(context),
    new RedisPrefillChallengeStore(context),
    new RedisOperationalStatisticsStore(context),
    new RedisAttachmentStore(context),
    new RedisLifecycle(context),
  );
  if (options.logger) void warnUnlessAppendOnly(context, options.logger);
  return store;
}
