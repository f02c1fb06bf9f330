import type { PickupFetch, PickupStatus, PickupUpdate } from './parts/pickup-store.js';

/**
 * The pickup state rules, once for every store: what a fetch or a status
 * report does to a pickup as it stands. A store reads the pickup, asks here,
 * and writes the new status by compare-and-set on the status it read (and,
 * for a fetch, on the code still being unlocked), so two concurrent fetches
 * of one code yield exactly one `ok`.
 *
 *   pending → requested (savePickup, a code given) → fetched (once) → printed
 *   pending | requested | fetched → expired;  printed and expired are final.
 */

/** What a pickup looks like to the rules: its status, when it expires, whether its code is locked. */
export interface PickupStanding {
  status: PickupStatus;
  expiresAt: string;
  locked: boolean;
}

/** The outcome of a fetch at `now`; only `ok` moves the pickup (to `fetched`, with `fetchedAt = now`). */
export function fetchOutcome(pickup: PickupStanding | null, now: string): PickupFetch {
  if (pickup === null) return 'unknown';
  if (pickup.locked) return 'locked';
  if (pickup.status === 'fetched' || pickup.status === 'printed') return 'already-fetched';
  if (pickup.status !== 'requested' || Date.parse(now) >= Date.parse(pickup.expiresAt)) return 'expired';
  return 'ok';
}

/** The outcome of the store network reporting `next` for a pickup now in `current` (null: no such pickup); only `updated` moves it. */
export function statusUpdateOutcome(current: PickupStatus | null, next: 'printed' | 'expired'): PickupUpdate {
  if (current === null) return 'unknown';
  if (current === 'printed' || current === 'expired') return 'unchanged';
  if (next === 'printed' && current !== 'fetched') return 'not-fetched';
  return 'updated';
}

/** Whether `savePickup` may replace the stored pickup: only one still `pending` (or none) is replaced, so a late duplicate send never makes a fetched document fetchable again. */
export function mayReplacePickup(stored: PickupStatus | null): boolean {
  return stored === null || stored === 'pending';
}
