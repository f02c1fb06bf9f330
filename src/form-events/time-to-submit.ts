/**
 * Time to submit, kept as a histogram so that a median comes from counts
 * alone: each submit adds one to the bucket of its seconds since the
 * session's first event. The median is read from the cumulative counts, by
 * linear interpolation inside the bucket where half the sessions are reached
 * (as Prometheus's histogram_quantile does); it is off by at most that
 * bucket's width.
 */

/** Upper bounds (seconds, inclusive) of the buckets; beyond the last is `inf`. */
export const TIME_TO_SUBMIT_BOUNDS_SECONDS: readonly number[] = [
  15, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 21600, 43200, 86400,
];

/** The bucket name (its upper bound, or `inf`) for a duration in seconds. */
export function timeToSubmitBucket(seconds: number): string {
  const bound = TIME_TO_SUBMIT_BOUNDS_SECONDS.find((upper) => seconds <= upper);
  return bound === undefined ? 'inf' : String(bound);
}

/** The median in seconds estimated from bucket counts (by bucket name), or null without any submit. */
export function medianFromHistogram(counts: ReadonlyMap<string, number>): number | null {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const half = total / 2;
  let below = 0;
  let lower = 0;
  for (const upper of TIME_TO_SUBMIT_BOUNDS_SECONDS) {
    const inBucket = counts.get(String(upper)) ?? 0;
    if (inBucket > 0 && below + inBucket >= half) return Math.round(lower + ((half - below) / inBucket) * (upper - lower));
    below += inBucket;
    lower = upper;
  }
  // the middle session is in the open-ended bucket: all that can be said is "more than the last bound"
  return lower;
}
