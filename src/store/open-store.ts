import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPostgresStore } from './postgres/index.js';
import { connectRedis } from './redis/connect.js';
import { createRedisStore } from './redis/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

/** Opens the configured store implementation. */
export async function openStore(config: Config['store'], logger: Logger): Promise<Store> {
  if (config.kind === 'sqlite') return openSqliteStore({ path: config.path, logger });
  if (config.kind === 'postgres') return openPostgresStore({ url: config.url, maxConnections: config.maxConnections, logger });
  return createRedisStore({ redis: await connectRedis(config.url), prefix: config.prefix, logger });
}
