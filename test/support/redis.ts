import { Redis } from 'ioredis';

const NOT_ANSWERING = "Redis is not answering on 127.0.0.1:6379 — start it: redis-server --daemonize yes --port 6379 --save '' --appendonly no";

/** A connection to the test Redis that fails fast (instead of retrying forever), saying how to start Redis. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    throw new Error(NOT_ANSWERING);
  }
  return redis;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
