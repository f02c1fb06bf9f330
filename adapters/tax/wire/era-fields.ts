/**
 * 和暦 fields of the interface: the fiscal year as era code + 2-digit era
 * year (506 = 令和6年度) beside the western year, and dates as GYYMMDD
 * (era code digit, 2-digit era year, month, day). `0000000` is a 不詳 or absent date.
 */
import { EraTable } from '../../../src/jp/era.js';

/** The era field of a fiscal year: 2024 → `506`. A 年度 takes the era of its first day, 1 April. */
export function fiscalYearEraCode(fiscalYear: number, eras: EraTable): string {
  const { era, year } = eras.toEra(`${fiscalYear}-04-01`);
  return `${era.code}${String(year).padStart(2, '0')}`;
}

/** How a fiscal year is written on certificates: 令和6年度, 令和元年度. */
export function fiscalYearWareki(fiscalYear: number, eras: EraTable): string {
  const { era, year } = eras.toEra(`${fiscalYear}-04-01`);
  return `${era.name}${year === 1 ? '元' : year}年度`;
}

/** Unknown or absent date. */
export const UNKNOWN_DATE = '0000000';

/** ISO date → GYYMMDD; null (不詳) → `0000000`. */
export function toEraDateField(isoDate: string | null, eras: EraTable): string {
  if (isoDate === null) return UNKNOWN_DATE;
  const { era, year, month, day } = eras.toEra(isoDate);
  return `${era.code}${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** GYYMMDD → ISO date; `0000000` → null. Throws RangeError for a date that does not exist in the era. */
export function fromEraDateField(value: string, eras: EraTable): string | null {
  if (value === UNKNOWN_DATE) return null;
  const match = /^([0-9])([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(value);
  if (!match) throw new RangeError('expected GYYMMDD');
  return eras.fromEra(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]));
}
