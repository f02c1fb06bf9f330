import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { connectPostgres } from '../store/postgres/connect.js';
import { connectRedis } from '../store/redis/connect.js';
import { BreakerSync } from './breaker-sync.js';
import { PostgresBreakerStates } from './postgres-breaker-states.js';
import { RedisBreakerStates } from './redis-breaker-states.js';

/**
 * Breaker sharing that fits the store: in PostgreSQL or Redis beside a store
 * of that kind (one connection of its own), none with SQLite, whose one host
 * runs one gateway process.
 */
export async function createBreakerSharing(config: Config, logger: Logger): Promise<BreakerSync | undefined> {
  const store = config.store;
  if (store.kind === 'sqlite') return undefined;
  const shared = store.kind === 'postgres' ? new PostgresBreakerStates(connectPostgres({ url: store.url, max: 1 })) : new RedisBreakerStates(await connectRedis(store.url), store.prefix);
  return new BreakerSync(shared, logger);
}
