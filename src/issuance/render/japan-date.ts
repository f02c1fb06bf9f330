import { EraTable } from '../../jp/era.js';
import type { CertificateDate, FiscalYear } from './certificate-document.js';

const eras = new EraTable();

/** The calendar date in Japan (UTC+9, no daylight saving) of an instant. */
export function japanDateOf(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError('not a timestamp');
  return new Date(time + 9 * 3600_000).toISOString().slice(0, 10);
}

/** 和暦 as certificates print it: 令和8年12月1日, 元年 for an era's first year. */
export function formatWareki(isoDate: string): string {
  return eras.format(isoDate);
}

/** 令和6年度 for the 年度 starting in April 2024; a document's own 和暦 notation wins. */
export function formatFiscalYear(year: FiscalYear): string {
  if (typeof year !== 'number') return year.wareki;
  return formatWareki(`${year}-04-01`).replace(/年.*$/, '年度');
}

/** The Western year a 年度 starts in. */
export function fiscalStartYear(year: FiscalYear): number {
  return typeof year === 'number' ? year : year.year;
}

/** 令和5年分 for the calendar year 2023 (the 年 of the income a 年度 taxes). */
export function formatCalendarYear(year: number): string {
  return formatWareki(`${year}-12-31`).replace(/年.*$/, '年分');
}

/** A certificate date field as printed: its 和暦 notation when it has one (年月日不詳 included), else converted. */
export function formatCertificateDate(date: CertificateDate): string {
  if (typeof date === 'string') return formatWareki(date);
  if (date.wareki) return date.wareki;
  return date.iso ? formatWareki(date.iso) : '';
}
