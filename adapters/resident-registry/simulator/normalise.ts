/**
 * How the registry compares the four basic facts: the way a vendor's 曖昧検索
 * does, tolerant of width and spacing, strict about the characters themselves.
 * NFKC folds full-width ASCII and half-width kana but keeps 﨑 (U+FA11),
 * 𠮷 and variation selectors, so 葛󠄀 and 葛 stay different names.
 */
import type { EraTable } from '../../../src/jp/era.js';

const WHITESPACE = /\s+/gu;
const HYPHENS = /[\u2010-\u2015\u2212\uFF0D\u30FC]/g;

/** Name for comparison: width-folded, no spaces (ASCII, ideographic or none between family and given name). */
export function normaliseName(value: string): string {
  return value.normalize('NFKC').replace(WHITESPACE, '');
}

/** Address for comparison: width-folded, no spaces, one hyphen for the dash family. */
export function normaliseAddress(value: string): string {
  return value.normalize('NFKC').replace(WHITESPACE, '').replace(HYPHENS, '-');
}

const WAREKI = /^(明治|大正|昭和|平成|令和)?(元|[0-9]{1,2})年([0-9]{1,2})月([0-9]{1,2})日$/;

/**
 * A 和暦 date with its era code as an ISO date, or null when it is not a date
 * of that era (including an era name that contradicts the code).
 */
export function warekiToIso(eraCode: number, text: string, eras: EraTable): string | null {
  const match = WAREKI.exec(text.normalize('NFKC').replace(WHITESPACE, ''));
  if (!match) return null;
  try {
    if (match[1] !== undefined && eras.era(match[1]).code !== eraCode) return null;
    return eras.fromEra(eraCode, match[2] === '元' ? 1 : Number(match[2]), Number(match[3]), Number(match[4]));
  } catch {
    return null;
  }
}
