/**
 * Date transforms between ISO dates and the era dates legacy records hold.
 *
 * Inputs: an ISO date string, a form era date `{ era, year, month, day, iso? }`,
 * or a registry date `{ iso, eraCode, unknown, text?, year?, month? }`.
 *
 * Registry rules kept here:
 * - Transition days belong to the new era when converting from ISO
 *   (1912-07-30 → 大正元年7月30日); 明治45年7月30日 and 大正15年12月25日 are
 *   accepted when converting to ISO.
 * - A non-calendar 2月29日 (a non-leap year, e.g. 平成3年2月29日) is registry
 *   data kept for consistency with 戸籍: it converts both ways unchanged
 *   (`1991-02-29`) instead of being rejected or moved.
 * - 不詳 (unknown or partial) dates are passed on as 不詳: each unknown part
 *   is zero. In `GYYMMDD` that is the era code followed by zeros
 *   (年月日不詳 in 昭和 → `3000000`, only the year known → `3400000`),
 *   `0000000` when not even the era is known; `isoToCompact` gives
 *   `00000000` (or `YYYY0000` when the year is known); the object form
 *   carries `unknown: true` and zeros. With `unknownAs: 'zeros'` a 不詳 date
 *   is all zeros (`0000000`), for interfaces that do not keep the era.
 * - `date.fiscalYearToEra` writes a 年度 (2024) as era code + two-digit era
 *   year of its first day, 1 April (`506` = 令和6年度).
 * - `date.fiscalYearOf` gives the 年度 an ISO date falls in, as the western
 *   year it starts in: with the default `startMonth: 4`, 2025-03-31 → 2024
 *   and 2025-04-01 → 2025. A procedure whose year turns elsewhere (児童手当's
 *   year of income runs June to May) names its `startMonth`.
 */
import type { EraTable } from '../../jp/era.js';
import { TransformValueError, onlyArgs } from './transform.js';
import type { Transform, TransformArgs } from './transform.js';

/** A date as records need it: complete, or 不詳 with the known parts (0 = unknown). */
type RecordDate =
  | { unknown: false; iso: string; eraCode: number; year: number; month: number; day: number }
  | { unknown: true; eraCode: number; year: number; month: number; gregorianYear: number | undefined };

const ISO = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date, or 2月29日 of any year (a non-calendar day the registry keeps). */
function isRegistryDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  // February counts 29 days in every year here, which is exactly the leap-year rule plus the non-calendar 2月29日.
  return day <= DAYS_IN_MONTH[month - 1]!;
}

function invalid(): never {
  throw new TransformValueError('invalid-date', 'not a date the registry accepts');
}

/** The era of an ISO date, also for a non-calendar 2月29日. */
function eraOf(table: EraTable, iso: string): RecordDate {
  if (!ISO.test(iso)) invalid();
  // Digits at fixed positions: cheaper than the match groups on the nightly batch's hot path.
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  if (!isRegistryDate(year, month, day)) invalid();
  for (let i = table.eras.length - 1; i >= 0; i--) {
    const era = table.eras[i]!;
    if (era.start <= iso) return { unknown: false, iso, eraCode: era.code, year: year - digitsAt(era.start, 0, 4) + 1, month, day };
  }
  return invalid();
}

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) value = value * 10 + text.charCodeAt(i) - 0x30;
  return value;
}

/** ISO date of an era date, also for a non-calendar 2月29日 inside the era. */
function isoOf(table: EraTable, eraKey: number | string, year: number, month: number, day: number): string {
  let era;
  try {
    era = table.era(eraKey);
  } catch {
    throw new TransformValueError('unknown-era', 'unknown era');
  }
  if (!Number.isInteger(year) || year < 1 || !isRegistryDate(2000, month, day)) invalid();
  const gregorian = Number(era.start.slice(0, 4)) + year - 1;
  if (!isRegistryDate(gregorian, month, day)) invalid();
  const iso = `${String(gregorian).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (iso < era.start || (era.end !== null && iso > era.end)) throw new TransformValueError('outside-era', 'the date is not inside its era');
  return iso;
}

function unknownDate(table: EraTable, eraCode: unknown, year: unknown, month: unknown): RecordDate {
  const code = typeof eraCode === 'number' && Number.isInteger(eraCode) ? eraCode : 0;
  const y = typeof year === 'number' && Number.isInteger(year) && year > 0 ? year : 0;
  const m = y > 0 && typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12 ? month : 0;
  let gregorianYear: number | undefined;
  if (code > 0 && y > 0) {
    try {
      gregorianYear = Number(table.era(code).start.slice(0, 4)) + y - 1;
    } catch {
      throw new TransformValueError('unknown-era', 'unknown era');
    }
  }
  return { unknown: true, eraCode: code, year: y, month: m, gregorianYear };
}

/** Reads any accepted input shape. */
function readDate(table: EraTable, value: unknown): RecordDate {
  if (typeof value === 'string') return eraOf(table, value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid();
  const date = value as Record<string, unknown>;
  if (date.unknown === true) return unknownDate(table, date.eraCode ?? date.era, date.year, date.month);
  if (typeof date.iso === 'string') return eraOf(table, date.iso);
  const era = date.eraCode ?? date.era;
  if ((typeof era === 'number' || typeof era === 'string') && typeof date.year === 'number' && typeof date.month === 'number' && typeof date.day === 'number') {
    return eraOf(table, isoOf(table, era, date.year, date.month, date.day));
  }
  return invalid();
}

const two = (n: number): string => String(n).padStart(2, '0');

const FORMATS = ['object', 'GYYMMDD', 'GGYYMMDD'] as const;

function checkFormat(args: TransformArgs): string | undefined {
  return (
    onlyArgs(args, ['format', 'unknownAs']) ??
    (args.format === undefined || FORMATS.includes(args.format as never) ? undefined : `format must be one of ${FORMATS.join(', ')}`) ??
    (args.unknownAs === undefined || args.unknownAs === 'era-and-zeros' || args.unknownAs === 'zeros' ? undefined : 'unknownAs must be era-and-zeros or zeros')
  );
}

/** Builds the date transforms over an era table (configuration). */
export function createDateTransforms(table: EraTable): Record<string, Transform> {
  return {
    'date.isoToEra': {
      checkArgs: checkFormat,
      apply: (value, args) => {
        const date = readDate(table, value);
        const [year, month, day] = date.unknown ? [date.year, date.month, 0] : [date.year, date.month, date.day];
        const format = (args.format as (typeof FORMATS)[number] | undefined) ?? 'object';
        if (format === 'object') return date.unknown ? { eraCode: date.eraCode, year, month, day, unknown: true } : { eraCode: date.eraCode, year, month, day };
        if (date.unknown && args.unknownAs === 'zeros') return format === 'GYYMMDD' ? '0000000' : '00000000';
        if (year > 99) throw new TransformValueError('year-too-large', 'the era year does not fit two digits');
        const code = format === 'GYYMMDD' ? String(date.eraCode) : two(date.eraCode);
        return `${code}${two(year)}${two(month)}${two(day)}`;
      },
    },
    'date.eraToIso': {
      checkArgs: (args) => onlyArgs(args, ['format']) ?? (args.format === undefined || args.format === 'GYYMMDD' || args.format === 'GGYYMMDD' ? undefined : 'format must be GYYMMDD or GGYYMMDD'),
      apply: (value, args) => {
        let parts: [number | string, number, number, number];
        if (typeof value === 'string') {
          const pattern = args.format === 'GGYYMMDD' ? /^([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$/ : /^([0-9])([0-9]{2})([0-9]{2})([0-9]{2})$/;
          const match = pattern.exec(value);
          if (!match) invalid();
          parts = [Number(match![1]), Number(match![2]), Number(match![3]), Number(match![4])];
        } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const date = value as Record<string, unknown>;
          const era = date.eraCode ?? date.era;
          if (typeof era !== 'number' && typeof era !== 'string') invalid();
          parts = [era as number | string, Number(date.year ?? 0), Number(date.month ?? 0), Number(date.day ?? 0)];
        } else {
          return invalid();
        }
        const [era, year, month, day] = parts;
        if (year === 0 || month === 0 || day === 0) {
          let eraCode: number | undefined;
          try {
            eraCode = era === 0 ? undefined : table.era(era).code;
          } catch {
            throw new TransformValueError('unknown-era', 'unknown era');
          }
          const known = unknownDate(table, eraCode, year, month);
          return { iso: null, unknown: true, eraCode: known.eraCode, year: known.year, month: known.month };
        }
        return isoOf(table, era, year, month, day);
      },
    },
    'date.fiscalYearToEra': {
      checkArgs: (args) => onlyArgs(args, []),
      apply: (value) => {
        const year = typeof value === 'string' && /^[0-9]{4}$/.test(value) ? Number(value) : value;
        if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) invalid();
        const date = eraOf(table, `${year}-04-01`);
        if (date.unknown || date.year > 99) return invalid();
        return `${date.eraCode}${two(date.year)}`;
      },
    },
    'date.fiscalYearOf': {
      checkArgs: (args) =>
        onlyArgs(args, ['startMonth']) ??
        (args.startMonth === undefined || (Number.isInteger(args.startMonth) && (args.startMonth as number) >= 1 && (args.startMonth as number) <= 12)
          ? undefined
          : 'startMonth must be an integer from 1 to 12'),
      apply: (value, args) => {
        if (typeof value !== 'string' || !ISO.test(value)) return invalid();
        const year = digitsAt(value, 0, 4);
        const month = digitsAt(value, 5, 2);
        if (!isRegistryDate(year, month, digitsAt(value, 8, 2))) invalid();
        return month >= ((args.startMonth as number | undefined) ?? 4) ? year : year - 1;
      },
    },
    'date.isoToCompact': {
      checkArgs: (args) => onlyArgs(args, []),
      apply: (value) => {
        const date = readDate(table, value);
        if (!date.unknown) return date.iso.replaceAll('-', '');
        return date.gregorianYear === undefined ? '00000000' : `${String(date.gregorianYear).padStart(4, '0')}${two(date.month)}00`;
      },
    },
  };
}
