import type { EraTable } from '../../jp/era.js';
import type { DualDate, FiscalYear } from '../certificate-document.js';

/** An ISO date both ways. */
export function dualDate(iso: string, eras: EraTable): DualDate {
  return { iso, wareki: eras.format(iso) };
}

/** `令和`/`6` → `令和6`, with 元 for the first year. */
function eraYear(iso: string, eras: EraTable): string {
  const { era, year } = eras.toEra(iso);
  return `${era.name}${year === 1 ? '元' : year}`;
}

/** 年度 starting in April of `year`: 2024 → 令和6年度. */
export function fiscalYearOf(year: number, eras: EraTable): FiscalYear {
  return { year, wareki: `${eraYear(`${year}-04-01`, eras)}年度` };
}

/** The calendar year of income a 年度 certifies (the year before), as `令和5年分`. */
export function incomeYearOf(fiscalYear: number, eras: EraTable): { year: number; wareki: string } {
  const year = fiscalYear - 1;
  return { year, wareki: `${eraYear(`${year}-12-31`, eras)}年分` };
}
