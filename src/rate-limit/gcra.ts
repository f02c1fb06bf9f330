/**
 * The generic cell rate algorithm (GCRA), the token bucket in one number: a
 * bucket stores only its "theoretical arrival time" (TAT), the moment it would
 * be empty again. `limit` requests per `windowMs`, with up to `burst` at once.
 * The Redis limiter runs the same arithmetic in Lua (`redis-rate-limiter.ts`).
 */

/** A rate limit: `limit` requests per `windowSeconds`, of which up to `burst` may come at once. */
export interface RatePolicy {
  limit: number;
  windowSeconds: number;
  burst: number;
}

/** What a bucket decided for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests that could still be made right now. */
  remaining: number;
  /** When refused: milliseconds until one request is allowed again. */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

/** Milliseconds each request uses up of the bucket. */
export function emissionIntervalMs(policy: RatePolicy): number {
  return (policy.windowSeconds * 1000) / policy.limit;
}

/** Decides one request on a bucket whose TAT is `tat` (0 for a new bucket); returns the decision and the TAT to store. */
export function decide(policy: RatePolicy, tat: number, nowMs: number): { decision: RateDecision; tat: number } {
  const interval = emissionIntervalMs(policy);
  const tolerance = interval * policy.burst;
  const next = Math.max(tat, nowMs) + interval;
  const allowAt = next - tolerance;
  if (nowMs < allowAt) {
    const current = Math.max(tat, nowMs);
    return { decision: { allowed: false, remaining: 0, retryAfterMs: allowAt - nowMs, resetMs: current - nowMs }, tat };
  }
  return { decision: { allowed: true, remaining: Math.floor((nowMs - allowAt) / interval), retryAfterMs: 0, resetMs: next - nowMs }, tat: next };
}

/**
 * The TAT after returning one request that `decide` allowed: the bucket gets
 * back what that request used, never more than full (0: full, nothing to keep).
 */
export function returnOne(policy: RatePolicy, tat: number, nowMs: number): number {
  const earlier = tat - emissionIntervalMs(policy);
  return earlier > nowMs ? earlier : 0;
}
