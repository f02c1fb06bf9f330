import type { ReviewRecord } from '../store/types.js';
import type { Actor } from './actor.js';
import { approve, claim, reject, returnForCorrection, type Decision } from './review-rules.js';

/** A reason that passes the reason check, only to ask the rules whether a decision would be allowed. */
const PROBE_REASON = 'probe';

/**
 * The decisions `actor` may take on `review` now, asked of the rules
 * themselves (`review-rules.ts`), so what the console offers never drifts from
 * what the desk accepts. Claiming one's own claim again is not offered.
 */
export function openDecisions(review: ReviewRecord, actor: Actor, now: string): Decision[] {
  const attempts: Array<[Decision, () => unknown]> = [
    ['claim', () => claim(review, actor, now)],
    ['approve', () => approve(review, actor, now)],
    ['reject', () => reject(review, actor, PROBE_REASON, now)],
    ['return', () => returnForCorrection(review, actor, PROBE_REASON, now)],
  ];
  return attempts.filter(([, attempt]) => {
    try {
      return attempt() !== null;
    } catch {
      return false;
    }
  }).map(([decision]) => decision);
}
