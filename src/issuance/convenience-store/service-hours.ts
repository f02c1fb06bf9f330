/**
 * Service hours of convenience-store issuance (コンビニ交付): every day
 * 06:30–23:00 Japan time, closed from 29 December to 3 January inclusive.
 * Pure functions of an instant; Japan has no daylight saving time, so a fixed
 * UTC+9 offset is exact.
 */

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const OPENS_AT_MINUTE = 6 * 60 + 30;
const CLOSES_AT_MINUTE = 23 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date in Tokyo (month 1–12). */
export interface TokyoDate {
  year: number;
  month: number;
  day: number;
}

/** The Tokyo calendar date and minute of the day of an instant. */
export function tokyoDateOf(instant: Date): TokyoDate & { minute: number } {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** true on the year-end and New Year closure days (12/29–1/3). */
export function isClosedDay(date: TokyoDate): boolean {
  return (date.month === 12 && date.day >= 29) || (date.month === 1 && date.day <= 3);
}

/** The instant of `minuteOfDay` (Tokyo time) on a Tokyo date; out-of-range days roll over as `Date.UTC` does. */
export function tokyoInstant(date: TokyoDate, minuteOfDay: number): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000 - TOKYO_OFFSET_MS);
}

/** true while kiosks can take requests: 06:30 ≤ Tokyo time < 23:00 on a day that is not a closure day. */
export function isOpen(now: Date): boolean {
  const today = tokyoDateOf(now);
  return !isClosedDay(today) && today.minute >= OPENS_AT_MINUTE && today.minute < CLOSES_AT_MINUTE;
}

/** `now` itself while the service is open, otherwise the next 06:30 Tokyo time on a day that is not a closure day. */
export function nextOpening(now: Date): Date {
  if (isOpen(now)) return now;
  const today = tokyoDateOf(now);
  let opening = tokyoInstant(today, OPENS_AT_MINUTE);
  if (opening.getTime() <= now.getTime()) opening = new Date(opening.getTime() + DAY_MS);
  while (isClosedDay(tokyoDateOf(opening))) opening = new Date(opening.getTime() + DAY_MS);
  return opening;
}

/**
 * When a pickup requested at `requestedAt` expires: closing time (23:00 Tokyo)
 * on the day `validityDays` after the request day; a last day that falls in
 * the closure moves to the first day after it, so the resident never loses
 * days to it.
 */
export function pickupDeadline(requestedAt: Date, validityDays: number): Date {
  const requestDay = tokyoDateOf(requestedAt);
  let deadline = tokyoInstant({ ...requestDay, day: requestDay.day + validityDays }, CLOSES_AT_MINUTE);
  while (isClosedDay(tokyoDateOf(deadline))) deadline = new Date(deadline.getTime() + DAY_MS);
  return deadline;
}

/** A Tokyo time for people: `2026年4月8日 23:00`. */
export function formatTokyoJa(instant: Date): string {
  const { year, month, day, minute } = tokyoDateOf(instant);
  return `${year}年${month}月${day}日 ${clock(minute)}`;
}

/** A Tokyo time for people: `2026-04-08 23:00 JST`. */
export function formatTokyoEn(instant: Date): string {
  const { year, month, day, minute } = tokyoDateOf(instant);
  return `${year}-${pad(month)}-${pad(day)} ${clock(minute)} JST`;
}

function clock(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
