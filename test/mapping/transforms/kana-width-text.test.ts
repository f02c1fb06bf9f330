import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../src/codecs/cp932.js';
import { createTransformRegistry } from '../../../src/mapping/transforms/registry.js';
import { TransformValueError } from '../../../src/mapping/transforms/transform.js';

const transforms = createTransformRegistry();
const run = (name: string, value: unknown, args: Record<string, unknown> = {}): unknown => transforms[name]!.apply(value, args);

describe('kana transforms', () => {
  it('turns hiragana into katakana and leaves the rest', () => {
    expect(run('kana.hiraganaToKatakana', 'やまだ　たろう ゝゞ ABC 山')).toBe('ヤマダ　タロウ ヽヾ ABC 山');
  });

  it('makes half-width katakana, splitting voiced marks', () => {
    expect(run('kana.toHalfWidth', 'ガッコウ　パン ヴ ヷヺ')).toBe('ｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ ﾜﾞｦﾞ');
    expect(run('kana.toHalfWidth', 'たかはし・いちろう')).toBe('ﾀｶﾊｼ･ｲﾁﾛｳ');
    expect(run('kana.toHalfWidth', 'ヨシダ（ABC）')).toBe('ﾖｼﾀﾞ（ABC）');
  });

  it('produces bytes a half-width kana field takes: one byte each', () => {
    const result = encodeCp932(run('kana.toHalfWidth', 'ガ') as string);
    expect('bytes' in result && result.bytes.toString('hex').toUpperCase()).toBe('B6DE');
  });

  it('refuses katakana without a half-width form unless approximation is asked for', () => {
    expect(() => run('kana.toHalfWidth', 'ヰ')).toThrow(TransformValueError);
    expect(run('kana.toHalfWidth', 'ヰヱヵヶ', { approximate: true })).toBe('ｲｴｶｹ');
    expect(transforms['kana.toHalfWidth']!.checkArgs({ approximate: 'yes' })).toMatch(/true or false/);
  });

  it('makes full-width katakana, joining voiced marks with their base', () => {
    expect(run('kana.toFullWidth', 'ｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ ﾜﾞ')).toBe('ガッコウ パン ヴ ヷ');
    expect(run('kana.toFullWidth', 'ﾞｱﾞ')).toBe('゛ア゛');
  });

  it('round-trips every katakana that has a half-width form', () => {
    const all = 'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロワヲンヴー';
    expect(run('kana.toFullWidth', run('kana.toHalfWidth', all))).toBe(all);
  });

  it('rejects values that are not text', () => {
    expect(() => run('kana.toFullWidth', 12)).toThrow(TransformValueError);
  });
});

describe('width transforms', () => {
  it('maps printable ASCII and space to full width and back', () => {
    expect(run('width.toFullWidth', 'A-1 ~')).toBe('Ａ－１　～');
    expect(run('width.toHalfWidth', 'Ａ－１　～ 山')).toBe('A-1 ~ 山');
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    expect(run('width.toHalfWidth', run('width.toFullWidth', ascii))).toBe(ascii);
  });

  it('leaves kana alone', () => {
    expect(run('width.toFullWidth', 'ｱ')).toBe('ｱ');
  });
});

describe('text.nfkc', () => {
  it('normalises codes and free text', () => {
    expect(run('text.nfkc', '①２３ｱ')).toBe('123ア');
  });

  it('would fold compatibility ideographs, which is why names never use it', () => {
    expect(run('text.nfkc', '\ufa10\ufa19')).toBe('\u585a\u795e');
    expect(run('text.nfkc', '﨑')).toBe('﨑');
  });
});

describe('pad transforms', () => {
  it('pads to a width in characters with a chosen character', () => {
    expect(run('pad.left', 1234, { width: 8, char: '0' })).toBe('00001234');
    expect(run('pad.right', '山田', { width: 4, char: '　' })).toBe('山田　　');
    expect(run('pad.left', '𠮷', { width: 2 })).toBe(' 𠮷');
    expect(run('pad.left', '123456789', { width: 8, char: '0' })).toBe('123456789');
  });

  it('checks its arguments at load time', () => {
    const check = transforms['pad.left']!.checkArgs;
    expect(check({ width: 8, char: '0' })).toBeUndefined();
    expect(check({ width: 0 })).toMatch(/width/);
    expect(check({ width: 1e9 })).toMatch(/width/);
    expect(check({ width: 2, char: '00' })).toMatch(/one character/);
    expect(check({ width: 2, fill: '0' })).toMatch(/unknown argument/);
  });
});

describe('registry', () => {
  it('has no inherited names', () => {
    expect(transforms['__proto__']).toBeUndefined();
    expect(transforms['constructor']).toBeUndefined();
    expect(Object.isFrozen(transforms)).toBe(true);
  });
});
