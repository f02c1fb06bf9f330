import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { RatePolicy } from './gcra.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** The limiter that fits the store: buckets in Redis beside a Redis store (shared by every process), in memory with SQLite. */
export async function createRateLimiter(config: Config, clock: () => Date): Promise<RateLimiter> {
  if (config.store.kind === 'sqlite') return new MemoryRateLimiter(clock);
  const redis = new Redis(config.store.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  return new RedisRateLimiter(redis, config.store.prefix);
}

/** The submission limit of each client: its own when configured (null: none), else the gateway's. */
export function submissionRateOf(config: Config): (clientId: string) => RatePolicy | undefined {
  const own = new Map<string, RatePolicy | null>();
  for (const client of config.clients) {
    const policy = client.rateLimits?.submissions;
    if (policy !== undefined) own.set(client.id, policy);
  }
  return (clientId) => (own.has(clientId) ? own.get(clientId) : config.rateLimits.submissions) ?? undefined;
}
