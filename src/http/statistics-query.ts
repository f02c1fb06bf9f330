/**
 * The query every staff statistics route takes: a range of calendar days in
 * Japan (`from`, `to`) and the format (`format=csv|json`, or `Accept: text/csv`).
 * Bad values are 400 `query-invalid` naming the parameter.
 */
import { InputError } from '../errors.js';
import { addDays, daysInRange } from '../form-events/day-range.js';
import { japanDateOf } from '../issuance/japan-date.js';

/** Longest range one report covers. */
export const MAX_DAYS = 366;
/** Days covered when `from` is not given. */
export const DEFAULT_DAYS = 30;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const JST_OFFSET_MS = 9 * 3600 * 1000;

export function queryIssue(name: string, message: string): InputError {
  return new InputError('query-invalid', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}

function dayParameter(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (!DAY.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    throw queryIssue(name, `${name} is a calendar day, YYYY-MM-DD (in Japan time).`);
  }
  return raw;
}

export interface DayRange {
  from: string;
  to: string;
}

/** `from`..`to` (both counted); `to` is today in Japan by default, `from` the `DEFAULT_DAYS`th day before. */
export function dayRangeQuery(query: { from?: string | undefined; to?: string | undefined }, now: Date): DayRange {
  const to = dayParameter('to', query.to, japanDateOf(now));
  const from = dayParameter('from', query.from, addDays(to, 1 - DEFAULT_DAYS));
  const days = daysInRange(from, to);
  if (days < 1) throw queryIssue('from', 'from is on or before to.');
  if (days > MAX_DAYS) throw queryIssue('from', `At most ${MAX_DAYS} days per report.`);
  return { from, to };
}

/** The instants a range of Japan days covers: from its first midnight in Japan to the midnight after its last. */
export function instantsOf(range: DayRange): { from: string; before: string } {
  const midnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - JST_OFFSET_MS).toISOString();
  return { from: midnight(range.from), before: midnight(addDays(range.to, 1)) };
}

export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) {
    if (format !== 'csv' && format !== 'json') throw queryIssue('format', 'format is csv or json.');
    return format === 'csv';
  }
  return /\btext\/csv\b/i.test(accept ?? '');
}
