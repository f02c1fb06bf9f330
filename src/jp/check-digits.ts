/**
 * Check digits of Japanese public identifiers.
 *
 * - 個人番号 (My Number): 12 digits; the 12th is computed from the first 11 as in
 *   総務省令第85号 §5: Σ Pn×Qn over n = 1..11 counted from the right, Qn = n+1
 *   for n ≤ 6 and n−5 for n ≥ 7; check = 11 − (Σ mod 11), or 0 when the remainder is ≤ 1.
 * - 宛名番号 / 世帯番号: modulus 11, weights 2–7 repeating from the right; remainder ≤ 1 → 0.
 * - 地方公共団体コード: 6 digits; the 6th is (11 − (Σ mod 11)) mod 10 over weights 6..2.
 */

const DIGITS = /^[0-9]+$/;

function digitsOf(value: string, length?: number): number[] {
  if (!DIGITS.test(value) || (length !== undefined && value.length !== length)) {
    throw new RangeError(`expected ${length ?? 'only'} digits`);
  }
  return [...value].map(Number);
}

/** The 12th digit of a 個人番号 from its first 11 digits. */
export function myNumberCheckDigit(first11: string): number {
  const digits = digitsOf(first11, 11);
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits[11 - n]!;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** true when `value` is 12 ASCII digits whose last digit is the 個人番号 check digit. */
export function isValidMyNumber(value: string): boolean {
  return /^[0-9]{12}$/.test(value) && myNumberCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

/** Modulus-11 check digit (weights 2–7 from the right) used for 宛名番号 and 世帯番号. */
export function mod11CheckDigit(body: string): number {
  const digits = digitsOf(body);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const weight = 2 + (i % 6);
    sum += digits[digits.length - 1 - i]! * weight;
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** true when the last digit of `value` is the modulus-11 check digit of the rest. */
export function isValidMod11Number(value: string): boolean {
  return DIGITS.test(value) && value.length >= 2 && mod11CheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}

/** The 6th digit of a 地方公共団体コード from its first five. */
export function localGovernmentCodeCheckDigit(first5: string): number {
  const digits = digitsOf(first5, 5);
  const sum = digits.reduce((total, digit, i) => total + digit * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

/** true for a 6-digit 地方公共団体コード with a correct check digit (e.g. 271004 for 大阪市). */
export function isValidLocalGovernmentCode(value: string): boolean {
  return /^[0-9]{6}$/.test(value) && localGovernmentCodeCheckDigit(value.slice(0, 5)) === Number(value[5]);
}
