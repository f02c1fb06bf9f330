/**
 * Character rules for form strings: length in characters, characters no
 * form accepts, the CP932 repertoire, and kana normalisation.
 */
import { isCp932Character } from '../codecs/cp932.js';

/** Variation selectors (standard and ideographic, IVS) belong to the character before them. */
function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}

/** Length in characters: code points, so 𠮷 is one; a variation selector adds nothing to its base (葛󠄀 is one). */
export function characterLength(value: string): number {
  let length = 0;
  for (const character of value) {
    if (!isVariationSelector(character.codePointAt(0)!)) length += 1;
  }
  return length;
}

/**
 * The first character no form field accepts, with its 1-based position:
 * control characters (line breaks included), lone surrogates, and the
 * bidirectional overrides that make text display differently from what it is.
 */
export function findForbiddenCharacter(value: string): { position: number; codePoint: number } | undefined {
  let position = 0;
  for (const character of value) {
    position += 1;
    const codePoint = character.codePointAt(0)!;
    if (
      codePoint <= 0x1f ||
      (codePoint >= 0x7f && codePoint <= 0x9f) ||
      (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
      (codePoint >= 0x202a && codePoint <= 0x202e) ||
      (codePoint >= 0x2066 && codePoint <= 0x2069)
    ) {
      return { position, codePoint };
    }
  }
  return undefined;
}

/** The first character (1-based position and code point) that CP932 cannot encode. */
export function findNonCp932Character(value: string): { position: number; codePoint: number } | undefined {
  let position = 0;
  for (const character of value) {
    position += 1;
    const codePoint = character.codePointAt(0)!;
    if (!isCp932Character(codePoint)) return { position, codePoint };
  }
  return undefined;
}

/** `U+20BB7`: a character named without showing it (it may be part of a name). */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/g;
const HALF_WIDTH_KATAKANA = /[\uff61-\uff9f]+/g;
const KANA_ONLY = /^[\u30a1-\u30fa\u30fb\u30fc\u30fd\u30fe\u3000]*$/u;

/**
 * Normalises kana to what the registry stores: hiragana and half-width
 * katakana become full-width katakana, ASCII spaces become ideographic ones.
 * Returns undefined when anything else remains.
 */
export function normaliseKana(value: string): string | undefined {
  const katakana = value
    .replace(HALF_WIDTH_KATAKANA, (run) => run.normalize('NFKC'))
    .replace(HIRAGANA, (character) => String.fromCharCode(character.charCodeAt(0) + 0x60))
    .replaceAll(' ', '\u3000');
  return KANA_ONLY.test(katakana) ? katakana : undefined;
}

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;
const HYPHEN_LIKE = /[\uff0d\u2010\u2011\u2012\u2013\u2212\u30fc\uff70]/g;

/** Full-width digits to ASCII and the hyphen look-alikes people type to `-`. */
export function normaliseDigitsAndHyphens(value: string): string {
  return value
    .replace(FULL_WIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(HYPHEN_LIKE, '-');
}

/** Trims ASCII and ideographic white space at both ends. */
export function trimSpaces(value: string): string {
  return value.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
}
