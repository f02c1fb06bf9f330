import { describe, expect, it } from 'vitest';
import { comparableFact, factMatches } from '../../src/pki/fact-comparison.js';

describe('fact comparison', () => {
  it.each([
    ['width', 'ＡＢＣ１２３', 'ABC123'],
    ['half-width katakana with voiced marks', 'ﾅﾝﾊﾞﾊﾟｰｸｽ', 'ナンバパークス'],
    ['hiragana to katakana', 'さくら', 'サクラ'],
    ['every kind of white space', ' 髙橋\u3000一郎\t\n', '髙橋一郎'],
  ])('folds %s', (_label, typed, expected) => {
    expect(comparableFact(typed)).toBe(expected);
  });

  it('keeps old and new character forms apart, including CJK compatibility ideographs', () => {
    expect(factMatches('高橋', '髙橋')).toBe(false);
    expect(factMatches('吉田', '𠮷田')).toBe(false);
    expect(factMatches('\u795E', '\uFA19')).toBe(false);
    expect(comparableFact('\uFA19田\u3000ｶﾅ')).toBe('\uFA19田カナ');
    expect(factMatches('葛西', '葛\u{E0100}西')).toBe(false);
  });

  it('accepts the certificate value or its substitute text', () => {
    expect(factMatches('高橋 一郎', '髙橋　一郎', '高橋　一郎')).toBe(true);
    expect(factMatches('髙橋 一郎', '髙橋　一郎', '高橋　一郎')).toBe(true);
    expect(factMatches('高橋 次郎', '髙橋　一郎', '高橋　一郎')).toBe(false);
  });

  it('handles huge and odd input without trouble', () => {
    expect(factMatches('あ'.repeat(200_000), 'ア'.repeat(200_000))).toBe(true);
    expect(factMatches('\uD800', '\uD800x')).toBe(false);
  });
});
