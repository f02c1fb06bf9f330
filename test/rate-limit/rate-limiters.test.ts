import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { RatePolicy } from '../../src/rate-limit/gcra.js';
import { MemoryRateLimiter, type RateLimiter } from '../../src/rate-limit/rate-limiter.js';
import { PostgresRateLimiter } from '../../src/rate-limit/postgres-rate-limiter.js';
import { RedisRateLimiter } from '../../src/rate-limit/redis-rate-limiter.js';
import { connectPostgres } from '../../src/store/postgres/connect.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { openFreshPostgresStore, testPostgresDatabase } from '../support/postgres.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';

const prefix = `kakehashi-test:${randomUUID()}:`;
const postgresDatabase = testPostgresDatabase();
/** A migrated schema the PostgreSQL limiters use (the store's migration 2 holds the buckets). */
let postgresSchema: ReturnType<typeof openFreshPostgresStore> | undefined;

afterAll(async () => {
  await (await postgresSchema)?.cleanup();
  const janitor = await connectTestRedis();
  await deleteKeys(janitor, prefix);
  janitor.disconnect();
});

const limiters: [string, () => Promise<RateLimiter>][] = [
  ['in memory', async () => new MemoryRateLimiter()],
  ['in Redis', async () => new RedisRateLimiter(await connectTestRedis(), prefix)],
  [
    'in PostgreSQL',
    async () => {
      postgresSchema ??= openFreshPostgresStore(postgresDatabase);
      const { url, schema } = await postgresSchema;
      return new PostgresRateLimiter(connectPostgres({ url, schema, max: 2 }));
    },
  ],
];

describe.each(limiters)('the rate limiter %s', (_name, open) => {
  // 20 a second: one every 50 ms, 4 at once
  const policy: RatePolicy = { limit: 20, windowSeconds: 1, burst: 4 };

  it('lets exactly the burst through when requests arrive together', async () => {
    const limiter = await open();
    const bucket = `burst:${randomUUID()}`;
    const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.take(bucket, policy)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(50);
    await limiter.close();
  });

  it('refills over time', async () => {
    const limiter = await open();
    const bucket = `refill:${randomUUID()}`;
    for (let n = 0; n < 4; n++) await limiter.take(bucket, policy);
    expect((await limiter.take(bucket, policy)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await limiter.take(bucket, policy)).allowed).toBe(true);
    await limiter.close();
  });

  it('takes back what a returned request used, and never fills a bucket beyond its burst', async () => {
    const limiter = await open();
    // one every 15 s: nothing refills while the test runs
    const policy: RatePolicy = { limit: 4, windowSeconds: 60, burst: 4 };
    const bucket = `give-back:${randomUUID()}`;
    for (let n = 0; n < 4; n++) await limiter.take(bucket, policy);
    expect((await limiter.take(bucket, policy)).allowed).toBe(false);
    await limiter.giveBack(bucket, policy);
    expect((await limiter.take(bucket, policy)).allowed).toBe(true);
    expect((await limiter.take(bucket, policy)).allowed).toBe(false);
    const untouched = `give-back:${randomUUID()}`;
    for (let n = 0; n < 10; n++) await limiter.giveBack(untouched, policy);
    const decisions = [];
    for (let n = 0; n < 5; n++) decisions.push((await limiter.take(untouched, policy)).allowed);
    expect(decisions).toEqual([true, true, true, true, false]);
    await limiter.close();
  });

  it('keeps buckets apart', async () => {
    const limiter = await open();
    const first = `apart:${randomUUID()}`;
    for (let n = 0; n < 5; n++) await limiter.take(first, policy);
    expect((await limiter.take(first, policy)).allowed).toBe(false);
    expect((await limiter.take(`apart:${randomUUID()}`, policy)).allowed).toBe(true);
    await limiter.close();
  });
});

describe('the Redis rate limiter', () => {
  it('shares one bucket between gateway processes (here: two connections)', async () => {
    const one = new RedisRateLimiter(await connectTestRedis(), prefix);
    const two = new RedisRateLimiter(await connectTestRedis(), prefix);
    const policy: RatePolicy = { limit: 10, windowSeconds: 60, burst: 3 };
    const bucket = `shared:${randomUUID()}`;
    const decisions = await Promise.all([one, two, one, two, one, two].map((limiter) => limiter.take(bucket, policy)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    await one.close();
    await two.close();
  });

  it('lets a bucket key expire once the bucket is full again', async () => {
    const limiter = new RedisRateLimiter(await connectTestRedis(), prefix);
    const bucket = `expiry:${randomUUID()}`;
    await limiter.take(bucket, { limit: 10, windowSeconds: 60, burst: 3 });
    const observer = await connectTestRedis();
    const ttl = await observer.pttl(redisKeys(prefix).rateBucket(bucket));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(6_000);
    observer.disconnect();
    await limiter.close();
  });
});
