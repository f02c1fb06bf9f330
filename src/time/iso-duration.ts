import { ConfigurationError } from '../errors.js';

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

interface DurationParts {
  /** Whether years, months or weeks were written, even as zero. */
  calendar: boolean;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function parse(duration: string): DurationParts {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new ConfigurationError(`'${duration}' is not an ISO-8601 duration such as P5Y or PT48H`);
  }
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  const value = (part: string | undefined) => Number(part ?? 0);
  return {
    calendar: years !== undefined || months !== undefined || weeks !== undefined,
    years: value(years),
    months: value(months),
    weeks: value(weeks),
    days: value(days),
    hours: value(hours),
    minutes: value(minutes),
    seconds: value(seconds),
  };
}

function exactMs(parts: DurationParts): number {
  return parts.days * 86_400_000 + parts.hours * 3_600_000 + parts.minutes * 60_000 + Math.round(parts.seconds * 1000);
}

/**
 * Milliseconds of an ISO-8601 duration of the form `PnDTnHnMnS` (e.g. `PT48H`,
 * `P2DT12H`). Years, months and weeks are refused: their length depends on the
 * calendar, and reply deadlines must mean the same time everywhere.
 */
export function isoDurationMs(duration: string): number {
  const parts = parse(duration);
  if (parts.calendar) throw new ConfigurationError(`'${duration}' is not an ISO-8601 duration of the form PnDTnHnMnS`);
  return exactMs(parts);
}

/**
 * The instant `duration` after `start`, counted on the UTC calendar: `P5Y`
 * from 2026-02-28 is 2031-02-28, and a month added to 31 January ends on the
 * last day of February (the period never runs into the next month).
 */
export function addIsoDuration(start: Date, duration: string): Date {
  const parts = parse(duration);
  const year = start.getUTCFullYear() + parts.years;
  const month = start.getUTCMonth() + parts.months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(start.getTime());
  shifted.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return new Date(shifted.getTime() + parts.weeks * 7 * 86_400_000 + exactMs(parts));
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The inverse of {@link addIsoDuration} for deadlines: the latest start whose
 * period of `duration` has ended by `end`, so that
 * `addIsoDuration(start, duration) <= end` exactly when `start <= latestStartEndedBy(end, duration)`.
 * Month ends are where it differs from plain subtraction: P1M from any of
 * 28–31 January ends on 28 February, so by 28 February every start up to
 * 31 January has ended.
 */
export function latestStartEndedBy(end: Date, duration: string): Date {
  const parts = parse(duration);
  const beforeExact = new Date(end.getTime() - parts.weeks * 7 * 86_400_000 - exactMs(parts));
  const day = beforeExact.getUTCDate();
  const months = beforeExact.getUTCFullYear() * 12 + beforeExact.getUTCMonth() - parts.years * 12 - parts.months;
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const lastDay = lastDayOfMonth(year, month);
  const start = new Date(beforeExact.getTime());
  if (day > lastDay) {
    // Every start on the target month's last day ends on an earlier day of the end's month.
    start.setUTCFullYear(year, month, lastDay);
    start.setUTCHours(23, 59, 59, 999);
  } else if (day === lastDayOfMonth(beforeExact.getUTCFullYear(), beforeExact.getUTCMonth())) {
    // The end is a month's last day: starts on later days of the target month are clamped onto it.
    start.setUTCFullYear(year, month, lastDay);
  } else {
    start.setUTCFullYear(year, month, day);
  }
  return start;
}
