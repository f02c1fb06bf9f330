/**
 * Width transforms over the ASCII range: printable ASCII ↔ the full-width
 * forms U+FF01–U+FF5E, and space ↔ ideographic space U+3000. Kana have
 * their own transforms (`kana.*`).
 *
 * Note for CP932 hosts: ＂ U+FF02 and ＇ U+FF07 exist only as IBM extensions,
 * so a JIS X 0208-only host will report them as unmappable.
 */
import { expectString, simple } from './transform.js';
import type { Transform } from './transform.js';

/** `A1 -` → `Ａ１　－`. */
export function asciiToFullWidth(text: string): string {
  return text.replace(/[\x20-\x7e]/g, (char) => (char === ' ' ? '\u3000' : String.fromCharCode(char.charCodeAt(0) + 0xfee0)));
}

/** `Ａ１　－` → `A1 -`. */
export function asciiToHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (char) => (char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)));
}

export const widthTransforms: Record<string, Transform> = {
  'width.toFullWidth': simple((value) => asciiToFullWidth(expectString(value))),
  'width.toHalfWidth': simple((value) => asciiToHalfWidth(expectString(value))),
};
