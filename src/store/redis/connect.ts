import { Redis } from 'ioredis';

/** A connection to the configured Redis, as the store and the rate limiter each open one: connected, and failing a command after 3 retries. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  return redis;
}
