/**
 * Text as it can be printed with one font. Certificates carry names exactly as
 * the registry holds them, including characters beyond JIS X 0208 (𠮷) and
 * Ideographic Variation Sequences (葛 + U+E0100). Noto Sans JP has 𠮷 and a
 * variation-sequence table: a base character followed by a selector is kept
 * together, and the font's layout picks the variant glyph when it has one and
 * the base glyph otherwise, so "葛󠄀西" prints as 葛西 and extracts as 葛西. What
 * the font cannot draw at all (private-use 外字) is printed as 〓 (ゲタ), the
 * customary mark for a character that could not be output. Only the printed
 * text changes; the document and its signature keep the original data.
 */

/** The customary mark for a character that cannot be printed. */
export const MISSING_CHARACTER_MARK = '〓';

/** What the printer needs to know about the font. */
export interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}

/** Format and control characters would move or hide printed text (bidi overrides, zero-width joiners). */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;

/**
 * Makes `value` printable with `font`: line breaks and tabs become spaces,
 * other control and format characters are dropped, a variation selector stays
 * only right after a printable character, and characters without a glyph
 * become {@link MISSING_CHARACTER_MARK}.
 */
export function toDisplayText(value: string, font: GlyphCoverage): string {
  let out = '';
  let afterBase = false;
  for (const character of value) {
    const codePoint = character.codePointAt(0)!;
    if (isVariationSelector(codePoint)) {
      if (afterBase) out += character;
      afterBase = false;
      continue;
    }
    if (character === '\n' || character === '\r' || character === '\t') {
      out += ' ';
      afterBase = false;
    } else if (INVISIBLE.test(character)) {
      afterBase = false;
    } else if (font.hasGlyphForCodePoint(codePoint)) {
      out += character;
      afterBase = true;
    } else {
      out += MISSING_CHARACTER_MARK;
      afterBase = false;
    }
  }
  return out;
}
