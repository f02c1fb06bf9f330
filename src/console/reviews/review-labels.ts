import type { Catalog } from '../../catalog/procedure.js';
import { findWard } from '../../staff/wards.js';
import type { ReviewState } from '../../store/types.js';
import { text, type Language } from '../texts.js';

/** What the review pages call a procedure, a ward and a review state, in the page's language. */
export function procedureTitle(catalog: Catalog, procedureId: string, language: Language): string {
  return catalog.get(procedureId)?.procedure.title[language] ?? procedureId;
}

export function wardName(code: string, language: Language): string {
  const ward = findWard(code);
  return ward ? (language === 'ja' ? ward.nameJa : ward.nameEn) : code;
}

export function stateLabel(state: ReviewState, language: Language): string {
  return text(`state_${state}`, language);
}

/** A stored ISO time as staff read it: Japan time, to the minute. */
export function jstTime(iso: string): string {
  const jst = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString();
  return `${jst.slice(0, 10)} ${jst.slice(11, 16)}`;
}
