import { describe, expect, it } from 'vitest';
import { MISSING_CHARACTER_MARK, toDisplayText } from '../../../src/issuance/render/display-text.js';
import { japaneseFont } from '../../../src/issuance/render/japanese-font.js';

const font = japaneseFont('Regular');

describe('toDisplayText with Noto Sans JP', () => {
  it('keeps characters beyond JIS X 0208 that the font has: 𠮷, 髙, 﨑', () => {
    expect(font.hasGlyphForCodePoint(0x20bb7)).toBe(true);
    expect(toDisplayText('𠮷田　髙橋　山﨑', font)).toBe('𠮷田　髙橋　山﨑');
  });

  it('keeps an ideographic variation selector with its base character, and drops a stray one', () => {
    expect(font.hasGlyphForCodePoint(0xe0100)).toBe(false);
    expect(toDisplayText('葛\u{E0100}西', font)).toBe('葛\u{E0100}西');
    expect(toDisplayText('\u{E0100}葛\u{FE00}\u{E0101}西', font)).toBe('葛\u{FE00}西');
  });

  it('prints 〓 for private-use 外字 the font cannot draw', () => {
    expect(toDisplayText('渡\u{E000}辺', font)).toBe(`渡${MISSING_CHARACTER_MARK}辺`);
  });

  it('drops bidi overrides and zero-width characters, and turns line breaks into spaces', () => {
    expect(toDisplayText('大阪\u202E市\u200B\n北区\t1', font)).toBe('大阪市 北区 1');
  });
});
