import type { Sql } from 'postgres';
import { emissionIntervalMs, type RateDecision, type RatePolicy } from './gcra.js';
import type { RateLimiter } from './rate-limiter.js';

/** Every this many takes, buckets that are full again (TAT in the past) are deleted. */
const SWEEP_EVERY = 1_000;

/**
 * Buckets in PostgreSQL (table `rate_buckets`, function `rate_take` of the
 * store's migration 2), shared by every gateway process on the same
 * database: GCRA on the server's clock, one row lock per bucket.
 */
export class PostgresRateLimiter implements RateLimiter {
  readonly #sql: Sql;
  #takes = 0;

  /** `sql` is this limiter's own pool: close() ends it. */
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async take(bucket: string, policy: RatePolicy): Promise<RateDecision> {
    if (++this.#takes % SWEEP_EVERY === 0) await this.#sql`DELETE FROM rate_buckets WHERE tat_ms < extract(epoch FROM clock_timestamp()) * 1000`;
    const [row] = await this.#sql<{ allowed: boolean; remaining: number; retry_after_ms: number; reset_ms: number }[]>`
      SELECT * FROM rate_take(${bucket}, ${emissionIntervalMs(policy)}, ${policy.burst})`;
    return { allowed: row!.allowed, remaining: row!.remaining, retryAfterMs: Math.ceil(row!.retry_after_ms), resetMs: Math.ceil(row!.reset_ms) };
  }

  async giveBack(bucket: string, policy: RatePolicy): Promise<void> {
    await this.#sql`UPDATE rate_buckets SET tat_ms = tat_ms - ${emissionIntervalMs(policy)} WHERE bucket = ${bucket}`;
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }
}
