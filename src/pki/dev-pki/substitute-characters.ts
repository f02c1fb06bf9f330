import { isCp932Character } from '../../codecs/cp932.js';

/**
 * Substitute characters (代替文字) for the dev PKI: when a name or address
 * holds characters outside JIS X 0208, JPKI also carries a version written
 * only with JIS X 0208 characters. The real service uses J-LIS's table; this
 * dev table covers the common cases and falls back to 〓 (geta) otherwise.
 */
const SUBSTITUTES: ReadonlyMap<string, string> = new Map([
  ['𠮷', '吉'],
  ['髙', '高'],
  ['﨑', '崎'],
  ['𡈽', '土'],
  ['德', '徳'],
  ['栁', '柳'],
  ['濵', '浜'],
]);

const VARIATION_SELECTOR = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;

/** The text with substitutes, or undefined when every character is already in JIS X 0208. */
export function substituteText(text: string): string | undefined {
  let changed = false;
  let result = '';
  for (const character of text) {
    if (VARIATION_SELECTOR.test(character)) {
      changed = true;
      continue;
    }
    if (isCp932Character(character.codePointAt(0)!, { repertoire: 'jis-x-0208' })) {
      result += character;
      continue;
    }
    changed = true;
    result += SUBSTITUTES.get(character) ?? '〓';
  }
  return changed ? result : undefined;
}
