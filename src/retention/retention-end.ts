import type { ApplicationStatus, TimelineEntry } from '../store/types.js';
import { addIsoDuration } from '../time/iso-duration.js';

/** Statuses after which nothing more happens to an application; its retention period starts there. */
export const TERMINAL_STATUSES: ReadonlySet<ApplicationStatus> = new Set<ApplicationStatus>([
  'completed',
  'rejected',
  'failed',
  'issued',
  'picked-up',
  'expired',
]);

/**
 * When an application's retention period (保存期間) ends: `retention` after
 * the latest timeline entry, provided the application is in a terminal status.
 * Null while it is not — an application that never ends is never purged.
 */
export function retentionEndsAt(status: ApplicationStatus, timeline: readonly TimelineEntry[], retention: string): Date | null {
  if (!TERMINAL_STATUSES.has(status)) return null;
  const latest = timeline.at(-1);
  // Only the entry that set the current status starts the period; without one the start is unknown, so nothing is purged.
  if (latest?.status !== status) return null;
  return addIsoDuration(new Date(latest.at), retention);
}
