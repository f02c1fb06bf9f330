/**
 * The `degrade` charset policy: replace characters the receiving system cannot
 * hold by configured substitutes (𠮷 → 吉, 髙 → 高 for a JIS X 0208-only host),
 * and optionally drop variation selectors (葛󠄀 → 葛). The table is data; every
 * change is reported so it can be shown in the application's timeline.
 */
import { ConfigurationError } from '../errors.js';
import { formatCodePoint, isVariationSelector } from './code-point.js';
import { encodeCp932, isCp932Character } from './cp932.js';
import type { Cp932Options, UnmappableCharacter } from './cp932.js';

/** A validated degrade table. */
export interface DegradeTable {
  /** Keys: one character, or a base character followed by a variation selector. */
  replacements: ReadonlyMap<string, string>;
  /** Drop a variation selector when no replacement covers the sequence. */
  dropVariationSelectors: boolean;
}

/** One substitution made, in code point notation (never the whole value). */
export interface CharacterChange {
  /** UTF-16 index in the original text. */
  index: number;
  /** Code points replaced, e.g. `U+20BB7` or `U+845B U+E0100`. */
  from: string;
  /** Code points written instead; empty when the character was dropped. */
  to: string;
}

/** The result of degrading one text. */
export interface DegradeResult {
  text: string;
  changes: CharacterChange[];
  /** Characters still unmappable after the table was applied (indexes into the original text). */
  unmappable: UnmappableCharacter[];
}

/** Data form of a degrade table, as it appears in configuration. */
export interface DegradeTableData {
  replacements?: Record<string, string>;
  dropVariationSelectors?: boolean;
}

/** Validates degrade data: keys are one character (optionally plus a selector), replacements encode in CP932. */
export function createDegradeTable(data: DegradeTableData, where: { file?: string } = {}): DegradeTable {
  const replacements = new Map<string, string>();
  for (const [from, to] of Object.entries(data.replacements ?? {})) {
    const path = `/replacements/${from}`;
    const codePoints = [...from].map((char) => char.codePointAt(0)!);
    const shapeOk = codePoints.length === 1 || (codePoints.length === 2 && isVariationSelector(codePoints[1]!));
    if (!shapeOk) throw new ConfigurationError('a key is one character, optionally followed by a variation selector', { ...where, path });
    if ('unmappable' in encodeCp932(to)) throw new ConfigurationError(`replacement for ${codePointsOf(from)} is not in CP932`, { ...where, path });
    replacements.set(from, to);
  }
  return { replacements, dropVariationSelectors: data.dropVariationSelectors ?? false };
}

/** The code points of a string in `U+XXXX` notation, separated by spaces. */
function codePointsOf(text: string): string {
  return [...text].map((char) => formatCodePoint(char.codePointAt(0)!)).join(' ');
}

/**
 * Applies a degrade table to the characters of `text` that the receiving
 * system cannot hold. Characters it can hold are never touched (so 髙 stays
 * 髙 for a full CP932 host even when the table has 髙 → 高).
 */
export function degradeText(text: string, table: DegradeTable, options: Cp932Options = {}): DegradeResult {
  const parts: string[] = [];
  const changes: CharacterChange[] = [];
  const unmappable: UnmappableCharacter[] = [];
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index)!;
    const char = String.fromCodePoint(codePoint);
    const nextIndex = index + char.length;
    const next = nextIndex < text.length ? text.codePointAt(nextIndex)! : undefined;
    if (next !== undefined && isVariationSelector(next)) {
      const sequence = char + String.fromCodePoint(next);
      const replacement = table.replacements.get(sequence);
      if (replacement !== undefined) {
        parts.push(replacement);
        changes.push({ index, from: codePointsOf(sequence), to: codePointsOf(replacement) });
        index = nextIndex + sequence.length - char.length;
        continue;
      }
    }
    if (isVariationSelector(codePoint) && table.dropVariationSelectors && !isCp932Character(codePoint, options)) {
      changes.push({ index, from: codePointsOf(char), to: '' });
    } else if (isCp932Character(codePoint, options)) {
      parts.push(char);
    } else {
      const replacement = table.replacements.get(char);
      if (replacement !== undefined) {
        parts.push(replacement);
        changes.push({ index, from: codePointsOf(char), to: codePointsOf(replacement) });
      } else {
        parts.push(char);
        unmappable.push({ index, char, codePoint });
      }
    }
    index = nextIndex;
  }
  return { text: parts.join(''), changes, unmappable };
}
