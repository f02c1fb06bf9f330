import { describe, expect, it } from 'vitest';
import { decide, type RatePolicy } from '../../src/rate-limit/gcra.js';

/** Runs `count` requests at `nowMs` on one bucket; returns the decisions and the bucket's TAT after them. */
function burst(policy: RatePolicy, count: number, nowMs: number, tat = 0) {
  const decisions = [];
  for (let n = 0; n < count; n++) {
    const outcome = decide(policy, tat, nowMs);
    tat = outcome.tat;
    decisions.push(outcome.decision);
  }
  return { decisions, tat };
}

describe('GCRA', () => {
  const policy: RatePolicy = { limit: 60, windowSeconds: 60, burst: 5 };

  it('lets a burst through at once, counting down what remains, then refuses', () => {
    const { decisions } = burst(policy, 7, 1_000_000);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions.slice(0, 5).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    // one request a second: the next one is allowed a second later, and the bucket is full 5 s later
    expect(decisions[5]).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 1000, resetMs: 5000 });
  });

  it('refills at the policy rate: one request per emission interval', () => {
    const { tat } = burst(policy, 5, 1_000_000);
    expect(decide(policy, tat, 1_000_999).decision.allowed).toBe(false);
    const later = decide(policy, tat, 1_001_000);
    expect(later.decision).toMatchObject({ allowed: true, remaining: 0 });
    expect(decide(policy, later.tat, 1_001_000).decision.allowed).toBe(false);
  });

  it('does not let a refused request use up the bucket', () => {
    const { tat } = burst(policy, 5, 1_000_000);
    const refused = decide(policy, tat, 1_000_500);
    expect(refused.tat).toBe(tat);
  });

  it('forgets an idle bucket: after a full window a whole burst is allowed again', () => {
    const { tat } = burst(policy, 5, 1_000_000);
    expect(burst(policy, 5, 1_010_000, tat).decisions.every((d) => d.allowed)).toBe(true);
  });
});
