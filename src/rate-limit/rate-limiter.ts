import { decide, returnOne, type RateDecision, type RatePolicy } from './gcra.js';

/** Counts requests per bucket (a policy name and a client) and decides whether one more may pass. */
export interface RateLimiter {
  take(bucket: string, policy: RatePolicy): Promise<RateDecision>;
  /** Returns one request that `take` allowed, for limits that count only some outcomes (failed pickup lookups). */
  giveBack(bucket: string, policy: RatePolicy): Promise<void>;
  close(): Promise<void>;
}

/** Most buckets kept in memory; the ones idle longest are dropped first (a dropped bucket is a full one). */
const MAX_BUCKETS = 100_000;

/**
 * Buckets in this process's memory: right for the embedded SQLite profile, where
 * one process takes the applications. Processes that share a Redis store share
 * their buckets through the Redis limiter instead.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, number>();
  readonly #clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.#clock = clock;
  }

  async take(bucket: string, policy: RatePolicy): Promise<RateDecision> {
    const now = this.#clock().getTime();
    const outcome = decide(policy, this.#buckets.get(bucket) ?? 0, now);
    // re-inserting keeps the Map in order of last use, so the first key is the idlest
    this.#buckets.delete(bucket);
    this.#buckets.set(bucket, outcome.tat);
    if (this.#buckets.size > MAX_BUCKETS) this.#buckets.delete(this.#buckets.keys().next().value!);
    return outcome.decision;
  }

  async giveBack(bucket: string, policy: RatePolicy): Promise<void> {
    const tat = this.#buckets.get(bucket);
    if (tat === undefined) return;
    const earlier = returnOne(policy, tat, this.#clock().getTime());
    if (earlier === 0) this.#buckets.delete(bucket);
    else this.#buckets.set(bucket, earlier);
  }

  async close(): Promise<void> {
    this.#buckets.clear();
  }
}
