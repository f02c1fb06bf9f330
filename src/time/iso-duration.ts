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
