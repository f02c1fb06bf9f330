import type { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from '../store/redis/keys.js';
import { LuaScript } from '../store/redis/lua-script.js';
import { emissionIntervalMs, type RateDecision, type RatePolicy } from './gcra.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * GCRA (see gcra.ts) in one Lua script, on the Redis server's clock so that
 * gateway processes with skewed clocks share one fair bucket. The key holds the
 * bucket's TAT in milliseconds and expires when the bucket is full again.
 * ARGV: key, emission interval (ms), burst. Returns { allowed (1/0), remaining,
 * retryAfterMs, resetMs }.
 */
const TAKE = new LuaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[2])
local tolerance = interval * tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', ARGV[1]) or '0')
local current = math.max(tat, now)
local nextTat = current + interval
local allowAt = nextTat - tolerance
if now < allowAt then
  return {0, 0, tostring(allowAt - now), tostring(current - now)}
end
redis.call('SET', ARGV[1], tostring(nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
return {1, math.floor((now - allowAt) / interval), '0', tostring(nextTat - now)}
`);

/** ARGV: key, emission interval (ms). Returns one request to the bucket (see returnOne in gcra.ts). */
const GIVE_BACK = new LuaScript(`
local tat = tonumber(redis.call('GET', ARGV[1]) or '0')
if tat == 0 then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local earlier = tat - tonumber(ARGV[2])
if earlier > now then
  redis.call('SET', ARGV[1], tostring(earlier), 'PX', math.max(1, math.ceil(earlier - now)))
else
  redis.call('DEL', ARGV[1])
end
return 1
`);

/** Buckets in Redis, shared by every gateway process on the same Redis. */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  /** `redis` is this limiter's own connection: close() quits it. `prefix`: the store's key prefix. */
  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#keys = redisKeys(prefix);
  }

  async take(bucket: string, policy: RatePolicy): Promise<RateDecision> {
    const reply = (await TAKE.run(this.#redis, [this.#keys.rateBucket(bucket), emissionIntervalMs(policy), policy.burst])) as [number, number, string, string];
    const [allowed, remaining, retryAfterMs, resetMs] = reply;
    return { allowed: allowed === 1, remaining, retryAfterMs: Number(retryAfterMs), resetMs: Number(resetMs) };
  }

  async giveBack(bucket: string, policy: RatePolicy): Promise<void> {
    await GIVE_BACK.run(this.#redis, [this.#keys.rateBucket(bucket), emissionIntervalMs(policy)]);
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }
}
