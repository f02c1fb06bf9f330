import iconv from 'iconv-lite';

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

/** Shift_JIS lead bytes of JIS X 0208 rows (no NEC row 13, no NEC/IBM extensions). */
function isJisX0208LeadByte(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x84) || (byte >= 0x88 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xea);
}

/** true when the character is ASCII, JIS X 0201 katakana or JIS X 0208. */
export function isJisX0208Character(character: string): boolean {
  const bytes = iconv.encode(character, 'cp932');
  if (iconv.decode(bytes, 'cp932') !== character) return false;
  if (bytes.length === 1) return true;
  return bytes.length === 2 && isJisX0208LeadByte(bytes[0] as number);
}

/** The text with substitutes, or undefined when every character is already in JIS X 0208. */
export function substituteText(text: string): string | undefined {
  let changed = false;
  let result = '';
  for (const character of text) {
    if (VARIATION_SELECTOR.test(character)) {
      changed = true;
      continue;
    }
    if (isJisX0208Character(character)) {
      result += character;
      continue;
    }
    changed = true;
    result += SUBSTITUTES.get(character) ?? '〓';
  }
  return changed ? result : undefined;
}
