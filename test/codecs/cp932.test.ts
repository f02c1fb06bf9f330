import { describe, expect, it } from 'vitest';
import { findNonCp932Character } from '../../src/catalog/characters.js';
import { decodeCp932, encodeCp932, isCp932Character } from '../../src/codecs/cp932.js';
import type { Cp932EncodeResult } from '../../src/codecs/cp932.js';
import { substituteText } from '../../src/pki/dev-pki/substitute-characters.js';

function hex(result: Cp932EncodeResult): string {
  if (!('bytes' in result)) throw new Error(`unexpected unmappable: ${JSON.stringify(result.unmappable)}`);
  return result.bytes.toString('hex').toUpperCase();
}

describe('encodeCp932', () => {
  it('encodes kanji, kana and ASCII byte-exact', () => {
    expect(hex(encodeCp932('大阪市A1'))).toBe('91E58DE38E734131');
    expect(hex(encodeCp932('タカハシ'))).toBe('835E834A836E8356');
  });

  it('encodes half-width katakana as single bytes, dakuten as its own byte', () => {
    expect(hex(encodeCp932('ｱｶﾞﾊﾟ｡ﾟ'))).toBe('B1B6DECADFA1DF');
  });

  it('encodes both spellings of the wave-dash family the Microsoft way', () => {
    const pairs: [string, string, string][] = [
      ['\u301c', '\uff5e', '8160'],
      ['\u2016', '\u2225', '8161'],
      ['\u2212', '\uff0d', '817C'],
      ['\u00a2', '\uffe0', '8191'],
      ['\u00a3', '\uffe1', '8192'],
      ['\u00ac', '\uffe2', '81CA'],
      ['\u2014', '\u2015', '815C'],
    ];
    for (const [jis, microsoft, expected] of pairs) {
      expect(hex(encodeCp932(jis))).toBe(expected);
      expect(hex(encodeCp932(microsoft))).toBe(expected);
    }
  });

  it('decodes the wave-dash family to the Microsoft code points', () => {
    expect(decodeCp932(Buffer.from('81608161817C8191819281CA', 'hex'))).toBe('\uff5e\u2225\uff0d\uffe0\uffe1\uffe2');
  });

  it('encodes the IBM extensions 髙 and 﨑, which are in CP932', () => {
    expect(hex(encodeCp932('髙﨑'))).toBe('FBFCFAB1');
  });

  it('treats IBM extensions as unmappable for a JIS X 0208-only host', () => {
    const result = encodeCp932('髙橋', { repertoire: 'jis-x-0208' });
    expect(result).toEqual({ unmappable: [{ index: 0, char: '髙', codePoint: 0x9ad9 }] });
    expect(hex(encodeCp932('①', {}))).toBe('8740');
    expect(encodeCp932('①', { repertoire: 'jis-x-0208' })).toHaveProperty('unmappable');
  });

  it('reports a character outside the BMP once, with its code point', () => {
    expect(encodeCp932('𠮷田')).toEqual({ unmappable: [{ index: 0, char: '𠮷', codePoint: 0x20bb7 }] });
    expect(encodeCp932('山𠮷')).toEqual({ unmappable: [{ index: 1, char: '𠮷', codePoint: 0x20bb7 }] });
  });

  it('reports the selector of an IVS sequence, not its base', () => {
    expect(encodeCp932('葛\u{e0100}飾')).toEqual({ unmappable: [{ index: 1, char: '\u{e0100}', codePoint: 0xe0100 }] });
  });

  it('treats private-use 外字 as unmappable, and decodes the user-defined area to private use', () => {
    expect(encodeCp932('\ue000')).toEqual({ unmappable: [{ index: 0, char: '\ue000', codePoint: 0xe000 }] });
    expect(decodeCp932(Buffer.from('F040F042', 'hex'))).toBe('\ue000\ue002');
  });

  it('never lets a best-fit or a question mark through silently', () => {
    expect(encodeCp932('¥')).toEqual({ unmappable: [{ index: 0, char: '¥', codePoint: 0xa5 }] });
    expect(encodeCp932('\u203e')).toHaveProperty('unmappable');
    expect(hex(encodeCp932('?'))).toBe('3F');
    expect(encodeCp932('\ufffd')).toHaveProperty('unmappable');
    expect(encodeCp932('\ud842')).toEqual({ unmappable: [{ index: 0, char: '\ud842', codePoint: 0xd842 }] });
  });

  it('lists every unmappable character of a long hostile text', () => {
    const text = '𠮷'.repeat(50_000);
    const result = encodeCp932(text);
    expect('unmappable' in result && result.unmappable.length).toBe(50_000);
  });

  it('round-trips every mappable BMP character', () => {
    let checked = 0;
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const char = String.fromCharCode(cp);
      const result = encodeCp932(char);
      if (!('bytes' in result)) continue;
      checked++;
      const back = decodeCp932(result.bytes);
      const microsoft = { '\u301c': '\uff5e', '\u2016': '\u2225', '\u2212': '\uff0d', '\u00a2': '\uffe0', '\u00a3': '\uffe1', '\u00ac': '\uffe2', '\u2014': '\u2015' }[char];
      expect(back).toBe(microsoft ?? char);
    }
    expect(checked).toBeGreaterThan(7000);
  });

  it('marks malformed input with U+FFFD when decoding', () => {
    expect(decodeCp932(Buffer.from('8A', 'hex'))).toContain('\ufffd');
  });
});

describe('isCp932Character: the one answer for the encoder, the forms and the dev PKI', () => {
  const cases: [string, string, { cp932: boolean; jis: boolean }][] = [
    ['a kanji', '高', { cp932: true, jis: true }],
    ['half-width katakana', 'ｶ', { cp932: true, jis: true }],
    ['the JIS spelling of the wave dash', '\u301c', { cp932: true, jis: true }],
    ['an IBM extension', '髙', { cp932: true, jis: false }],
    ['an NEC special character', '①', { cp932: true, jis: false }],
    ['a character outside the BMP', '𠮷', { cp932: false, jis: false }],
    ['a private-use character (外字)', '\ue000', { cp932: false, jis: false }],
    ['the yen sign, which iconv-lite would turn into a backslash', '¥', { cp932: false, jis: false }],
  ];

  it.each(cases)('%s', (_name, character, expected) => {
    const codePoint = character.codePointAt(0)!;
    expect(isCp932Character(codePoint)).toBe(expected.cp932);
    expect(isCp932Character(codePoint, { repertoire: 'jis-x-0208' })).toBe(expected.jis);
    expect('bytes' in encodeCp932(character)).toBe(expected.cp932);
    expect(findNonCp932Character(character) === undefined).toBe(expected.cp932);
    expect(substituteText(character) === undefined).toBe(expected.jis);
  });
});
