/**
 * Text transforms.
 *
 * `text.nfkc` is for codes, numbers and free text only, NEVER for names or
 * addresses: NFKC (like NFC) replaces CJK compatibility ideographs by their
 * unified forms (塚 U+FA10 → 塚 U+585A, 神 U+FA19 → 神 U+795E), and
 * NFKC also turns half-width kana into full-width, ㈱ into (株) and ① into 1,
 * which changes a person's registered name. (﨑 U+FA11 is one of the twelve
 * unified ideographs in the compatibility block and survives, but its
 * neighbours do not.) Names go through the charset policy instead.
 */
import { expectString, simple } from './transform.js';
import type { Transform } from './transform.js';

export const textTransforms: Record<string, Transform> = {
  'text.nfkc': simple((value) => expectString(value).normalize('NFKC')),
  'text.trim': simple((value) => expectString(value).trim()),
};
