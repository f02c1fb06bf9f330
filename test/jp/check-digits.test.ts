import { describe, expect, it } from 'vitest';
import {
  isValidLocalGovernmentCode,
  isValidMod11Number,
  isValidMyNumber,
  localGovernmentCodeCheckDigit,
  mod11CheckDigit,
  myNumberCheckDigit,
} from '../../src/jp/check-digits.js';

describe('個人番号 check digit', () => {
  it('accepts the ordinance example and rejects a changed digit', () => {
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('123456789019')).toBe(false);
    expect(isValidMyNumber('223456789018')).toBe(false);
  });
  it('rejects wrong lengths and non-digits, including full-width digits', () => {
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('１２３４５６７８９０１８')).toBe(false);
    expect(isValidMyNumber('12345678901a')).toBe(false);
  });
});

describe('宛名番号 / 世帯番号 modulus 11', () => {
  it('computes weights 2–7 from the right and maps remainders 0 and 1 to 0', () => {
    // 1×7 + 2×6 + 3×5 + 4×4 + 5×3 + 6×2 = 77 → remainder 0 → 0
    expect(mod11CheckDigit('123456')).toBe(0);
    // 1×2 = 2 → 11 − 2 = 9
    expect(mod11CheckDigit('1')).toBe(9);
    expect(isValidMod11Number('1234560')).toBe(true);
    expect(isValidMod11Number('1234561')).toBe(false);
  });
});

describe('地方公共団体コード', () => {
  it('gives the published codes of Hokkaido, Tokyo and Osaka City', () => {
    expect(localGovernmentCodeCheckDigit('01000')).toBe(6);
    expect(localGovernmentCodeCheckDigit('13000')).toBe(1);
    expect(isValidLocalGovernmentCode('271004')).toBe(true);
    expect(isValidLocalGovernmentCode('271005')).toBe(false);
  });
});
