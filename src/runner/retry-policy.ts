/** How a retryable failure is tried again: quick retries inside one attempt, then persisted retries. */
export interface RetryPolicy {
  /** Persisted attempts before the message becomes a dead letter (at least 1). */
  maxAttempts: number;
  /** Upper bound of the first persisted retry's delay. */
  baseDelayMs: number;
  /** Growth of the delay bound per attempt. */
  multiplier: number;
  /** Cap of the delay bound. */
  maxDelayMs: number;
  /** Immediate retries inside one attempt, for a blip (a reset connection). */
  quickRetries: number;
  /** Delay before the first quick retry; doubles per quick retry. */
  quickDelayMs: number;
}

/**
 * Delay before the next persisted attempt, after `attempts` attempts failed:
 * exponential backoff with full jitter (a uniform draw below the bound), so
 * that many messages failing together do not come back together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempts: number, random: () => number): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.multiplier ** Math.max(0, attempts - 1));
  return Math.floor(random() * bound);
}
