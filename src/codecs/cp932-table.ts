/**
 * The Unicode → CP932 table the encoder uses, derived once from iconv-lite's
 * `cp932` codec and then made strict:
 *
 * - only mappings that round-trip are kept, so iconv-lite's best-fit
 *   substitutions (¥ U+00A5 → 0x5C, ‾ U+203E → 0x7E) count as unmappable
 *   instead of silently turning into other characters;
 * - the JIS-flavoured code points of the wave-dash family are added the way
 *   Microsoft's table maps their look-alikes (iconv-lite only knows the
 *   Microsoft ones), so both forms encode identically;
 * - single bytes are limited to 0x00–0x7F and half-width katakana 0xA1–0xDF
 *   (0x80, 0xA0 and 0xFD–0xFF are not characters in CP932);
 * - the user-defined area 0xF040–0xF9FC (外字) is left out: private-use
 *   characters are unmappable, since each system assigns that area its own way.
 */
import iconv from 'iconv-lite';

/** JIS-style code point → the Microsoft code point CP932 holds for the same glyph. */
export const MICROSOFT_EQUIVALENTS: ReadonlyMap<number, number> = new Map([
  [0x301c, 0xff5e], // 〜 WAVE DASH → ～ FULLWIDTH TILDE (0x8160)
  [0x2016, 0x2225], // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO (0x8161)
  [0x2212, 0xff0d], // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS (0x817C)
  [0x00a2, 0xffe0], // ¢ → ￠ (0x8191)
  [0x00a3, 0xffe1], // £ → ￡ (0x8192)
  [0x00ac, 0xffe2], // ¬ → ￢ (0x81CA)
  [0x2014, 0x2015], // — EM DASH → ― HORIZONTAL BAR (0x815C)
]);

const UNMAPPABLE = -1;
let table: Int32Array | undefined;

function isDoubleByteLead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xef);
}

function build(): Int32Array {
  const result = new Int32Array(0x10000).fill(UNMAPPABLE);
  const candidates: string[] = [];
  for (let byte = 0; byte <= 0xdf; byte++) {
    if (byte <= 0x7f || byte >= 0xa1) candidates.push(iconv.decode(Buffer.of(byte), 'cp932'));
  }
  const pair = Buffer.alloc(2);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    // 0xF0–0xF9 is the user-defined area; 0xFA–0xFC the IBM extensions, which stay.
    if (!isDoubleByteLead(lead) && lead < 0xfa) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      candidates.push(iconv.decode(pair, 'cp932'));
    }
  }
  for (const char of candidates) {
    if (char.length !== 1 || char === '\ufffd') continue;
    const codePoint = char.charCodeAt(0);
    if (result[codePoint] !== UNMAPPABLE) continue;
    // Encoding picks Microsoft's preferred bytes where CP932 has duplicates (NEC vs IBM rows).
    const bytes = iconv.encode(char, 'cp932');
    if (iconv.decode(bytes, 'cp932') !== char) continue;
    result[codePoint] = bytes.length === 1 ? bytes[0]! : (bytes[0]! << 8) | bytes[1]!;
  }
  for (const [jis, microsoft] of MICROSOFT_EQUIVALENTS) result[jis] = result[microsoft]!;
  return result;
}

/**
 * The code for a BMP code point: a single byte (0x00–0xDF), a double-byte
 * code (0x8140–0xFCFC), or -1 when CP932 cannot hold it.
 */
export function cp932Code(codePoint: number): number {
  table ??= build();
  return codePoint < 0x10000 ? table[codePoint]! : UNMAPPABLE;
}

/**
 * true for the codes outside JIS X 0208: NEC special characters (row 13),
 * NEC-selected IBM extensions and IBM extensions. Some legacy hosts only
 * accept JIS X 0208.
 */
export function isVendorExtension(code: number): boolean {
  return (code >= 0x8740 && code <= 0x879c) || (code >= 0xed40 && code <= 0xeefc) || (code >= 0xfa40 && code <= 0xfc4b);
}
