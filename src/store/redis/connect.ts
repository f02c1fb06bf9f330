import { Redis } from 'ioredis';

/**
 * A connection to the configured Redis, as the store and the rate limiter each
 * open one: connected, failing a command in flight after 3 retries, and a
 * command sent while the connection is down at once (no offline queue), so a
 * client gets its 503 now instead of after the reconnect backoff (up to 2 s
 * a retry). ioredis keeps reconnecting meanwhile.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: false });
  // Without a listener ioredis prints every failed reconnect; the commands that fail meanwhile reach the store's health, which logs the incident once.
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}
