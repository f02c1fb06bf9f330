/**
 * Japanese eras (元号) with the era codes legacy records use (1 明治 … 5 令和).
 * The table is data: a new era is a configuration change, not a code change.
 */

/** One era. `end` is inclusive; it defaults to the day before the next era's start. */
export interface Era {
  code: number;
  name: string;
  /** Latin initial used in compact notations (M, T, S, H, R). */
  initial: string;
  /** First day, ISO date. */
  start: string;
  /** Last day, ISO date, when it is not simply the day before the next era. */
  end?: string;
}

/**
 * The eras since 明治. 明治 and 大正 end ON the first day of the next era:
 * the registry standard accepts 明治45年7月30日 and 大正15年12月25日 as well as
 * 大正元年7月30日 and 昭和元年12月25日 for the same days. 明治 starts at its
 * Gregorian 元年1月1日 (1868-01-25), the convention of 住基 era tables.
 */
export const DEFAULT_ERAS: readonly Era[] = [
  { code: 1, name: '明治', initial: 'M', start: '1868-01-25', end: '1912-07-30' },
  { code: 2, name: '大正', initial: 'T', start: '1912-07-30', end: '1926-12-25' },
  { code: 3, name: '昭和', initial: 'S', start: '1926-12-25' },
  { code: 4, name: '平成', initial: 'H', start: '1989-01-08' },
  { code: 5, name: '令和', initial: 'R', start: '2019-05-01' },
];

/** An era date: era, year within the era (1 = 元年), month, day. */
export interface EraDate {
  era: ResolvedEra;
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Parses an ISO date and checks it is a real calendar date. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(value);
  if (!match) throw new RangeError('expected an ISO date YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isCalendarDate(year, month, day)) throw new RangeError('not a calendar date');
  return { year, month, day };
}

/** true when year-month-day exists in the Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Converts between Gregorian ISO dates and era dates with a given era table. */
/** An era with its last day resolved (null: the current era). */
export type ResolvedEra = Omit<Era, 'end'> & { end: string | null };

export class EraTable {
  readonly eras: readonly ResolvedEra[];

  constructor(eras: readonly Era[] = DEFAULT_ERAS) {
    const sorted = [...eras].sort((a, b) => a.start.localeCompare(b.start));
    if (sorted.length === 0) throw new RangeError('the era table is empty');
    const codes = new Set<number>();
    for (const era of sorted) {
      parseIsoDate(era.start);
      if (era.end !== undefined) parseIsoDate(era.end);
      if (codes.has(era.code)) throw new RangeError(`era code ${era.code} appears twice`);
      codes.add(era.code);
    }
    this.eras = sorted.map((era, i) => {
      const next = sorted[i + 1];
      return { ...era, end: era.end ?? (next ? dayBefore(next.start) : null) };
    });
  }

  /** The era a date belongs to; on a shared transition day, the new era. */
  toEra(isoDate: string): EraDate {
    const { year, month, day } = parseIsoDate(isoDate);
    for (let i = this.eras.length - 1; i >= 0; i--) {
      const era = this.eras[i]!;
      if (era.start <= isoDate) {
        return { era, year: year - Number(era.start.slice(0, 4)) + 1, month, day };
      }
    }
    throw new RangeError('date before the first era in the table');
  }

  /** Looks an era up by code (3), name (昭和) or initial (S). */
  era(key: number | string): ResolvedEra {
    const found = this.eras.find((era) => era.code === key || era.name === key || era.initial === key || String(era.code) === key);
    if (!found) throw new RangeError('unknown era');
    return found;
  }

  /** The ISO date of an era date. Throws RangeError when the day is not inside the era. */
  fromEra(eraKey: number | string, year: number, month: number, day: number): string {
    const era = this.era(eraKey);
    if (!Number.isInteger(year) || year < 1) throw new RangeError('era year must be 1 or more');
    const gregorianYear = Number(era.start.slice(0, 4)) + year - 1;
    if (!isCalendarDate(gregorianYear, month, day)) throw new RangeError('not a calendar date');
    const iso = isoOf(gregorianYear, month, day);
    if (iso < era.start || (era.end !== null && iso > era.end)) throw new RangeError(`not a date of ${era.name}`);
    return iso;
  }

  /** Formats a date as written on certificates: 令和6年4月1日, 元年 for the first year. */
  format(isoDate: string): string {
    const { era, year, month, day } = this.toEra(isoDate);
    return `${era.name}${year === 1 ? '元' : year}年${month}月${day}日`;
  }

  /** JPKI date of birth notation: era code digit followed by the Gregorian YYYYMMDD. */
  toJpkiDate(isoDate: string): string {
    return `${this.toEra(isoDate).era.code}${isoDate.replaceAll('-', '')}`;
  }

  /** Parses the JPKI `EYYYYMMDD` notation back to an ISO date, checking the era digit. */
  fromJpkiDate(value: string): string {
    const match = /^([0-9])([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(value);
    if (!match) throw new RangeError('expected EYYYYMMDD');
    const iso = `${match[2]}-${match[3]}-${match[4]}`;
    parseIsoDate(iso);
    const era = this.era(Number(match[1]));
    if (iso < era.start || (era.end !== null && iso > era.end)) throw new RangeError(`not a date of ${era.name}`);
    return iso;
  }
}
