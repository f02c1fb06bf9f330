/**
 * Checks and normalises one submitted value of a scalar field kind. Messages
 * describe the rule, never the value: values are residents' personal data.
 */
import { isValidMyNumber } from '../jp/check-digits.js';
import { isCalendarDate } from '../jp/era.js';
import {
  characterLength,
  codePointName,
  findForbiddenCharacter,
  findNonCp932Character,
  normaliseDigitsAndHyphens,
  normaliseKana,
  trimSpaces,
} from './characters.js';
import { resolveDateBound } from './date-bound.js';
import type {
  AddressField,
  CodeField,
  DateField,
  IntegerField,
  KanaField,
  TextField,
} from './form-definition.js';

/** The outcome of checking one value: the normalised value, "nothing given", or an issue. */
export type ValueCheck =
  | { ok: true; value: unknown }
  | { ok: true; empty: true }
  | { ok: false; code: string; message: string };

const EMPTY: ValueCheck = { ok: true, empty: true };

/** Builds a failed check. */
export function fail(code: string, message: string): ValueCheck {
  return { ok: false, code, message };
}

function expectString(value: unknown, then: (text: string) => ValueCheck): ValueCheck {
  if (typeof value !== 'string') return fail('invalid-type', 'must be a string');
  const forbidden = findForbiddenCharacter(value);
  if (forbidden) {
    return fail('invalid-character', `character ${forbidden.position} (${codePointName(forbidden.codePoint)}) is not allowed here`);
  }
  const trimmed = trimSpaces(value);
  return trimmed === '' ? EMPTY : then(trimmed);
}

function tooLong(value: string, maxLength: number): ValueCheck | undefined {
  return characterLength(value) > maxLength ? fail('too-long', `must be at most ${maxLength} characters`) : undefined;
}

const CHARSET_RULES = {
  digits: { test: /^[0-9]*$/, message: 'may contain only the digits 0–9' },
  ascii: { test: /^[\x20-\x7e]*$/, message: 'may contain only ASCII letters, digits and symbols' },
} as const;

/** `text`: length in characters, charset, then pattern. */
export function checkText(field: TextField, pattern: RegExp | undefined, value: unknown): ValueCheck {
  return expectString(value, (text) => {
    const long = tooLong(text, field.maxLength);
    if (long) return long;
    if (field.charset === 'digits' || field.charset === 'ascii') {
      const rule = CHARSET_RULES[field.charset];
      if (!rule.test.test(text)) return fail('invalid-character', rule.message);
    } else if (field.charset === 'jis-x-0208') {
      const outside = findNonCp932Character(text);
      if (outside) {
        return fail(
          'invalid-character',
          `character ${outside.position} (${codePointName(outside.codePoint)}) cannot be written in JIS X 0208 (CP932); use a standard form of the character`,
        );
      }
    }
    if (pattern && !pattern.test(text)) return fail('invalid-format', 'does not have the expected format');
    return { ok: true, value: text };
  });
}

/** `kana`: katakana after normalising hiragana and half-width katakana. */
export function checkKana(field: KanaField, value: unknown): ValueCheck {
  return expectString(value, (text) => {
    const kana = normaliseKana(text);
    if (kana === undefined) return fail('invalid-character', 'may contain only katakana, hiragana, ー, ・ and spaces');
    return tooLong(kana, field.maxLength) ?? { ok: true, value: kana };
  });
}

/** `address`: one string of at most `maxLength` characters. */
export function checkAddress(field: AddressField, value: unknown): ValueCheck {
  return expectString(value, (text) => tooLong(text, field.maxLength) ?? { ok: true, value: text });
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** `date`: ISO YYYY-MM-DD, a real calendar date, within the bounds at `now`. */
export function checkDate(field: DateField, now: Date, value: unknown): ValueCheck {
  if (value === '') return EMPTY;
  if (typeof value !== 'string') return fail('invalid-type', 'must be a string');
  const match = ISO_DATE.exec(value);
  if (!match) return fail('invalid-format', 'must be a date written YYYY-MM-DD');
  if (!isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return fail('invalid-date', 'is not a date in the calendar');
  const min = field.min === undefined ? undefined : resolveDateBound(field.min, now);
  const max = field.max === undefined ? undefined : resolveDateBound(field.max, now);
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return fail('out-of-range', `must be ${describeRange(min, max)}`);
  }
  return { ok: true, value };
}

function describeRange(min: string | number | undefined, max: string | number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `${min} or later` : `${max} or earlier`;
}

/** `integer`: a JSON integer within min/max. */
export function checkInteger(field: IntegerField, value: unknown): ValueCheck {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('invalid-type', 'must be an integer');
  if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
    const range =
      field.min !== undefined && field.max !== undefined
        ? `between ${field.min} and ${field.max}`
        : field.min !== undefined
          ? `at least ${field.min}`
          : `at most ${field.max}`;
    return fail('out-of-range', `must be ${range}`);
  }
  return { ok: true, value };
}

/** `code`: one of the listed values. */
export function checkCode(field: CodeField, allowed: ReadonlySet<string>, value: unknown): ValueCheck {
  if (value === '') return EMPTY;
  if (typeof value !== 'string') return fail('invalid-type', 'must be a string');
  return allowed.has(value) ? { ok: true, value } : fail('not-in-list', `must be one of the codes listed for ${field.label.en}`);
}

/** `boolean`: true or false. */
export function checkBoolean(value: unknown): ValueCheck {
  return typeof value === 'boolean' ? { ok: true, value } : fail('invalid-type', 'must be true or false');
}

/** `postal-code`: NNN-NNNN, NNNNNNN or full-width digits; normalised to NNN-NNNN. */
export function checkPostalCode(value: unknown): ValueCheck {
  return expectString(value, (text) => {
    const match = /^([0-9]{3})-?([0-9]{4})$/.exec(normaliseDigitsAndHyphens(text));
    return match ? { ok: true, value: `${match[1]}-${match[2]}` } : fail('invalid-format', 'must be a postal code written NNN-NNNN');
  });
}

/** `phone`: a Japanese number, digits and single hyphens, starting with 0, 10 or 11 digits. */
export function checkPhone(value: unknown): ValueCheck {
  return expectString(value, (text) => {
    const normalised = normaliseDigitsAndHyphens(text);
    const digits = normalised.replaceAll('-', '').length;
    const valid = normalised.length <= 13 && /^0[0-9]*(?:-[0-9]+)*$/.test(normalised) && digits >= 10 && digits <= 11;
    return valid ? { ok: true, value: normalised } : fail('invalid-format', 'must be a Japanese telephone number of 10 or 11 digits');
  });
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** `email`: an address as RFC 5321 allows in practice (ASCII, at most 254 characters). */
export function checkEmail(value: unknown): ValueCheck {
  return expectString(value, (text) => {
    if (text.length > 254) return fail('too-long', 'must be at most 254 characters');
    return EMAIL.test(text) ? { ok: true, value: text } : fail('invalid-format', 'must be an e-mail address');
  });
}

/** `my-number`: 12 digits whose last digit is the 個人番号 check digit. */
export function checkMyNumber(value: unknown): ValueCheck {
  return expectString(value, (text) => {
    if (!/^[0-9]{12}$/.test(text)) return fail('invalid-format', 'must be 12 digits');
    return isValidMyNumber(text) ? { ok: true, value: text } : fail('invalid-check-digit', 'the check digit does not match');
  });
}
