/** Code point helpers shared by the character-set code. */

/** `U+XXXX` notation (at least four hex digits), the way errors and timelines name a character. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** true for variation selectors: standard (U+FE00–U+FE0F) and ideographic (IVS, U+E0100–U+E01EF). */
export function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}
