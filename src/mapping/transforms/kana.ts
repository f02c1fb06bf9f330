/**
 * Kana transforms: hiragana → katakana, full-width ↔ half-width katakana.
 * Half-width output splits voiced marks into their own character
 * (ガ → ｶﾞ, パ → ﾊﾟ, ヴ → ｳﾞ), the way legacy kana fields store them.
 */
import { TransformValueError, expectString, onlyArgs, simple } from './transform.js';
import type { Transform } from './transform.js';

const HALF_BASE = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
const FULL_BASE = 'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const PUNCTUATION_FULL = '。「」、・゛゜\u3000';
const PUNCTUATION_HALF = '｡｢｣､･ﾞﾟ ';
const VOICED = 'ﾞ';
const SEMI_VOICED = 'ﾟ';

const toHalf = new Map<string, string>();
const toFull = new Map<string, string>();
for (let i = 0; i < FULL_BASE.length; i++) {
  toHalf.set(FULL_BASE[i]!, HALF_BASE[i]!);
  toFull.set(HALF_BASE[i]!, FULL_BASE[i]!);
}
for (let i = 0; i < PUNCTUATION_FULL.length; i++) {
  toHalf.set(PUNCTUATION_FULL[i]!, PUNCTUATION_HALF[i]!);
  if (PUNCTUATION_HALF[i] !== ' ') toFull.set(PUNCTUATION_HALF[i]!, PUNCTUATION_FULL[i]!);
}
// Voiced (dakuten) and semi-voiced (handakuten) katakana: the base plus a mark.
for (const base of 'カキクケコサシスセソタチツテトハヒフヘホウ') {
  const voiced = base === 'ウ' ? 'ヴ' : String.fromCharCode(base.charCodeAt(0) + 1);
  toHalf.set(voiced, toHalf.get(base)! + VOICED);
  toFull.set(toHalf.get(base)! + VOICED, voiced);
}
for (const base of 'ハヒフヘホ') {
  const semiVoiced = String.fromCharCode(base.charCodeAt(0) + 2);
  toHalf.set(semiVoiced, toHalf.get(base)! + SEMI_VOICED);
  toFull.set(toHalf.get(base)! + SEMI_VOICED, semiVoiced);
}
toHalf.set('ヷ', 'ﾜﾞ');
toHalf.set('ヺ', 'ｦﾞ');
toFull.set('ﾜﾞ', 'ヷ');
toFull.set('ｦﾞ', 'ヺ');

/** Katakana with no half-width form, and the nearest half-width spelling used when `approximate` is set. */
const APPROXIMATIONS: ReadonlyMap<string, string> = new Map([
  ['ヮ', 'ﾜ'],
  ['ヰ', 'ｲ'],
  ['ヱ', 'ｴ'],
  ['ヵ', 'ｶ'],
  ['ヶ', 'ｹ'],
  ['ヸ', 'ｲﾞ'],
  ['ヹ', 'ｴﾞ'],
]);

/** ぁ–ゖ → ァ–ヶ, ゝゞ → ヽヾ; everything else unchanged. */
export function hiraganaToKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096\u309d\u309e]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0x60));
}

/**
 * Full-width katakana (and 。「」、・゛゜ and U+3000) → half-width. Katakana
 * without a half-width form (ヰ ヱ ヮ ヵ ヶ ヸ ヹ) are an error unless
 * `approximate` is true. Other characters pass unchanged.
 */
export function katakanaToHalfWidth(text: string, approximate = false): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Only U+3000–U+30FF can change; everything else is copied in runs.
    if (code < 0x3000 || code > 0x30ff) continue;
    const char = text[i]!;
    let half = toHalf.get(char);
    if (half === undefined) {
      const near = APPROXIMATIONS.get(char);
      if (near === undefined) continue;
      if (!approximate) throw new TransformValueError('no-half-width-form', 'a katakana character has no half-width form');
      half = near;
    }
    out += text.slice(copied, i) + half;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Half-width katakana → full-width, joining a voiced mark with the character before it (ｶﾞ → ガ). */
export function katakanaToFullWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const next = text[i + 1];
    if (next === VOICED || next === SEMI_VOICED) {
      const joined = toFull.get(char + next);
      if (joined !== undefined) {
        out += joined;
        i++;
        continue;
      }
    }
    out += toFull.get(char) ?? char;
  }
  return out;
}

export const kanaTransforms: Record<string, Transform> = {
  'kana.hiraganaToKatakana': simple((value) => hiraganaToKatakana(expectString(value))),
  'kana.toHalfWidth': {
    checkArgs: (args) => onlyArgs(args, ['approximate']) ?? (args.approximate === undefined || typeof args.approximate === 'boolean' ? undefined : 'approximate must be true or false'),
    apply: (value, args) => katakanaToHalfWidth(hiraganaToKatakana(expectString(value)), args.approximate === true),
  },
  'kana.toFullWidth': simple((value) => katakanaToFullWidth(expectString(value))),
};
