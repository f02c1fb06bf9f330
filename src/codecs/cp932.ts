/**
 * Unicode ↔ CP932 (Microsoft Shift_JIS) without silent substitution.
 *
 * iconv-lite turns anything it cannot encode into `?`; this encoder never
 * does. It works from a strict table derived from iconv-lite (see
 * `cp932-table.ts`) and reports every character it cannot encode with its
 * position, so the caller can apply the procedure's charset policy.
 *
 * - The wave-dash family encodes the Microsoft way in both spellings:
 *   〜 U+301C and ～ U+FF5E → 0x8160; ‖ U+2016 and ∥ U+2225 → 0x8161;
 *   − U+2212 and － U+FF0D → 0x817C; ¢ £ ¬ and ￠ ￡ ￢ → 0x8191 0x8192 0x81CA;
 *   — U+2014 and ― U+2015 → 0x815C. Decoding yields the Microsoft code points.
 * - Characters outside the BMP (𠮷 U+20BB7) are one unmappable character, not two.
 * - Variation selectors (IVS U+E0100–U+E01EF, VS U+FE00–U+FE0F) are unmappable on
 *   their own; the base character before them encodes.
 * - Private-use characters (外字) are unmappable: the user-defined area has no agreed meaning.
 * - Half-width katakana encode as single bytes 0xA1–0xDF.
 */
import iconv from 'iconv-lite';
import { cp932Code, isVendorExtension } from './cp932-table.js';

/** Which characters the receiving system accepts. */
export type Cp932Repertoire =
  /** Everything in Microsoft's CP932, including NEC and IBM extensions (髙 0xFBFC, 﨑 0xFAB1). */
  | 'cp932'
  /** JIS X 0208 only: the NEC and IBM extension rows count as unmappable. */
  | 'jis-x-0208';

/** Options of the encoder. */
export interface Cp932Options {
  repertoire?: Cp932Repertoire;
}

/** One character that cannot be encoded. */
export interface UnmappableCharacter {
  /** UTF-16 index in the text (a JavaScript string index). */
  index: number;
  /** The character (two code units for a character outside the BMP). */
  char: string;
  codePoint: number;
}

/** Either the encoded bytes, or every character that stood in the way. */
export type Cp932EncodeResult = { bytes: Buffer } | { unmappable: UnmappableCharacter[] };

/**
 * The CP932 code of one code point under the options: a single byte
 * (≤ 0xFF), a double-byte code, or -1 when it cannot be encoded.
 */
export function cp932CodeOf(codePoint: number, options: Cp932Options = {}): number {
  const code = cp932Code(codePoint);
  if (code >= 0 && options.repertoire === 'jis-x-0208' && isVendorExtension(code)) return -1;
  return code;
}

/**
 * Whether CP932 can hold one character (a code point) under the options:
 * the one answer to "is this character in CP932?" for the encoder, the
 * forms' `jis-x-0208` fields and the dev PKI's substitute characters.
 */
export function isCp932Character(codePoint: number, options: Cp932Options = {}): boolean {
  return cp932CodeOf(codePoint, options) >= 0;
}

/** Encodes text to CP932, or lists every character that cannot be encoded. */
export function encodeCp932(text: string, options: Cp932Options = {}): Cp932EncodeResult {
  const out = Buffer.allocUnsafe(text.length * 2);
  let length = 0;
  let unmappable: UnmappableCharacter[] | undefined;
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index)!;
    const units = codePoint > 0xffff ? 2 : 1;
    const code = cp932CodeOf(codePoint, options);
    if (code < 0) {
      (unmappable ??= []).push({ index, char: text.slice(index, index + units), codePoint });
    } else if (code <= 0xff) {
      out[length++] = code;
    } else {
      out[length++] = code >> 8;
      out[length++] = code & 0xff;
    }
    index += units - 1;
  }
  if (unmappable) return { unmappable };
  return { bytes: out.subarray(0, length) };
}

/**
 * Decodes CP932. Invalid byte sequences become U+FFFD, which no valid CP932
 * sequence produces, so `text.includes('\uFFFD')` tells a caller the input
 * was malformed. User-defined codes (外字) decode to iconv-lite's private-use
 * code points (0xF040 → U+E000 …).
 */
export function decodeCp932(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
}
