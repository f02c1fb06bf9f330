/**
 * When a batch is due: enough messages, the oldest has waited long enough,
 * or a cut-off time of day (Asia/Tokyo) has passed since the oldest arrived.
 * Stateless, so a restarted gateway makes the same decision.
 */

/** Cut-off rules of the adapter. */
export interface CutoffRules {
  /** A batch is written as soon as this many messages wait. */
  maxMessages: number;
  /** Times of day in Japan, `HH:mm`, e.g. `["22:00"]` for a nightly file. */
  atTimesOfDay?: string[];
  /** Longest a message waits for its batch, in milliseconds. */
  maxWaitMs?: number;
}

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks the rules; returns the problems (empty when valid), as `path: message`. */
export function cutoffRuleProblems(rules: CutoffRules): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rules.maxMessages) || rules.maxMessages < 1 || rules.maxMessages > 999_999_999) problems.push('/cutoff/maxMessages: an integer from 1 to 999999999');
  (rules.atTimesOfDay ?? []).forEach((time, i) => {
    if (!TIME_OF_DAY.test(time)) problems.push(`/cutoff/atTimesOfDay/${i}: expected HH:mm`);
  });
  if (rules.maxWaitMs !== undefined && (!Number.isFinite(rules.maxWaitMs) || rules.maxWaitMs < 0)) problems.push('/cutoff/maxWaitMs: a non-negative number of milliseconds');
  return problems;
}

/** The latest scheduled cut-off at or before `now`, or undefined when there is no schedule. */
export function lastScheduledCutoff(timesOfDay: readonly string[], now: Date): Date | undefined {
  let latest: number | undefined;
  const japanMidnight = Math.floor((now.getTime() + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
  for (const time of timesOfDay) {
    const match = TIME_OF_DAY.exec(time)!;
    const offset = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
    const today = japanMidnight + offset;
    const candidate = today <= now.getTime() ? today : today - DAY_MS;
    if (latest === undefined || candidate > latest) latest = candidate;
  }
  return latest === undefined ? undefined : new Date(latest);
}

/** Whether the waiting messages are due for a batch now. `oldestAcceptedAt` is undefined when none wait. */
export function isCutoffDue(rules: CutoffRules, waiting: number, oldestAcceptedAt: Date | undefined, now: Date): boolean {
  if (waiting === 0 || oldestAcceptedAt === undefined) return false;
  if (waiting >= rules.maxMessages) return true;
  if (rules.maxWaitMs !== undefined && now.getTime() - oldestAcceptedAt.getTime() >= rules.maxWaitMs) return true;
  const scheduled = lastScheduledCutoff(rules.atTimesOfDay ?? [], now);
  return scheduled !== undefined && oldestAcceptedAt.getTime() < scheduled.getTime();
}
