import type { ReviewRecord } from '../types.js';

/**
 * A review as the retention purge leaves it: the reason staff gave the
 * resident removed, its queue facts (state, ward, dates, approvals) kept, and
 * the version moved on so no decision read before the purge is written over it.
 * SQLite does the same with `json_set` in its purge.
 */
export function purgedReview(review: ReviewRecord): ReviewRecord {
  return { ...review, reason: null, version: review.version + 1 };
}
