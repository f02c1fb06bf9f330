import { isCalendarDate } from '../jp/era.js';
import type { DateBound } from './form-definition.js';

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const RELATIVE = /^today(?:([+-])([0-9]{1,4})([dmy]))?$/;

/** Today's calendar date in Japan (UTC+9, no daylight saving) as an ISO date. */
export function todayInJapan(now: Date): string {
  return new Date(now.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The ISO date a bound stands for at `now`. Month and year offsets keep the
 * day of month and fall back to the month's last day (today+1m on 31 January
 * is the last day of February).
 */
export function resolveDateBound(bound: DateBound, now: Date): string {
  const match = RELATIVE.exec(bound);
  if (!match) return bound;
  const today = todayInJapan(now);
  if (match[1] === undefined) return today;
  const amount = Number(match[2]) * (match[1] === '-' ? -1 : 1);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  if (match[3] === 'd') {
    const date = new Date(Date.UTC(year, month - 1, day + amount));
    return date.toISOString().slice(0, 10);
  }
  const months = year * 12 + (month - 1) + (match[3] === 'm' ? amount : amount * 12);
  const targetYear = Math.floor(months / 12);
  const targetMonth = (months % 12) + 1;
  let targetDay = day;
  while (!isCalendarDate(targetYear, targetMonth, targetDay)) targetDay -= 1;
  return iso(targetYear, targetMonth, targetDay);
}

/** true when the bound is a fixed ISO date that exists in the calendar, or a relative bound. */
export function isValidDateBound(bound: DateBound): boolean {
  if (RELATIVE.test(bound)) return true;
  const [year, month, day] = bound.split('-').map(Number) as [number, number, number];
  return isCalendarDate(year, month, day);
}
