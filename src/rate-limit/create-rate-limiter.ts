import { DEFAULT_FORM_EVENT_RATE, type Config } from '../config.js';
import { connectPostgres } from '../store/postgres/connect.js';
import { connectRedis } from '../store/redis/connect.js';
import type { RatePolicy } from './gcra.js';
import { PostgresRateLimiter } from './postgres-rate-limiter.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** The gateway's limits: where buckets are kept, and which policy applies to whom. */
export interface RateLimits {
  limiter: RateLimiter;
  /** The submission limit of a frontend client, by client id; undefined: none. */
  submissions: (clientId: string) => RatePolicy | undefined;
  /** The verification limit, per API client or, for anonymous callers, per client address; undefined: none. */
  verifications: RatePolicy | undefined;
  /** Failed pickup lookups (unknown codes, wrong check parts), per store terminal and per store-network client; undefined: none. */
  pickupLookupFailures: { perTerminal: RatePolicy | undefined; perClient: RatePolicy | undefined };
  /** The limit on form-event batches, per frontend client; undefined: none. */
  formEvents?: RatePolicy | undefined;
  /** Reverse proxies whose X-Forwarded-For names the client address. */
  trustedProxies: ReadonlySet<string>;
}

/**
 * The limiter that fits the store: buckets beside a Redis or PostgreSQL store
 * (shared by every process; PostgreSQL's on a pool of two connections of its
 * own, so a busy store does not hold a rate decision up), in memory with SQLite.
 */
export async function createRateLimiter(config: Config, clock: () => Date): Promise<RateLimiter> {
  if (config.store.kind === 'sqlite') return new MemoryRateLimiter(clock);
  if (config.store.kind === 'postgres') return new PostgresRateLimiter(connectPostgres({ url: config.store.url, max: 2 }));
  return new RedisRateLimiter(await connectRedis(config.store.url), config.store.prefix);
}

/** The limits configured, on `limiter`: a client's own submission limit wins (null: none), else the gateway's. */
export function rateLimitsOf(config: Config, limiter: RateLimiter): RateLimits {
  const own = new Map<string, RatePolicy | null>();
  for (const client of config.clients) {
    const policy = client.rateLimits?.submissions;
    if (policy !== undefined) own.set(client.id, policy);
  }
  return {
    limiter,
    submissions: (clientId) => (own.has(clientId) ? own.get(clientId) : config.rateLimits.submissions) ?? undefined,
    verifications: config.rateLimits.verifications ?? undefined,
    pickupLookupFailures: {
      perTerminal: config.rateLimits.pickupLookupFailures.perTerminal ?? undefined,
      perClient: config.rateLimits.pickupLookupFailures.perClient ?? undefined,
    },
    formEvents: config.rateLimits.formEvents === undefined ? DEFAULT_FORM_EVENT_RATE : (config.rateLimits.formEvents ?? undefined),
    trustedProxies: new Set(config.trustedProxies),
  };
}
