import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure, FormValidation } from '../../src/catalog/procedure.js';
import { compileEveryKind } from './every-kind.js';

let procedure: CompiledProcedure;
beforeAll(async () => {
  procedure = await compileEveryKind();
});

function validate(form: unknown): FormValidation {
  return procedure.validateForm(form);
}

/** Validates `{ name: '山田', ...extra }` and returns the issues as "pointer code". */
function issuesOf(extra: Record<string, unknown>): string[] {
  const result = validate({ name: '山田', ...extra });
  return result.ok ? [] : result.issues.map((issue) => `${issue.pointer} ${issue.code}`);
}

function dataOf(extra: Record<string, unknown>): Record<string, unknown> {
  const result = validate({ name: '山田', ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.data;
}

describe('validateForm with hostile input', () => {
  it('reports __proto__ and constructor keys as unknown fields and pollutes nothing', () => {
    const form = JSON.parse('{"name":"山田","__proto__":{"polluted":true},"nested":{"inner":{"value":"x","__proto__":{"polluted":true}}},"constructor":{"prototype":{"polluted":true}}}');
    const result = validate(form);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => `${issue.pointer} ${issue.code}`).sort()).toEqual([
      '/form/__proto__ unknown-field',
      '/form/constructor unknown-field',
      '/form/nested/inner/__proto__ unknown-field',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never copies an unknown key into the data', () => {
    const data = dataOf({ nested: { inner: { value: 'x' } } });
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data).sort()).toEqual(['name', 'nested']);
  });

  it('rejects 10,000-character strings as too long in every string kind', () => {
    const long = 'あ'.repeat(10_000);
    expect(issuesOf({ name: long })).toEqual(['/form/name too-long']);
    expect(issuesOf({ address: long })).toEqual(['/form/address too-long']);
    expect(issuesOf({ kana: long })).toEqual(['/form/kana too-long']);
    expect(issuesOf({ email: `${'a'.repeat(10_000)}@example.jp` })).toEqual(['/form/email too-long']);
    expect(issuesOf({ phone: '0'.repeat(10_000) })).toEqual(['/form/phone invalid-format']);
    expect(issuesOf({ myNumber: '1'.repeat(10_000) })).toEqual(['/form/myNumber invalid-format']);
  });

  it('rejects nested arrays and objects where a string is expected', () => {
    expect(issuesOf({ name: [['山田']] })).toEqual(['/form/name invalid-type']);
    expect(issuesOf({ address: { city: '大阪市' } })).toEqual(['/form/address invalid-type']);
    expect(issuesOf({ birthDate: [2020, 1, 1] })).toEqual(['/form/birthDate invalid-type']);
    expect(issuesOf({ nested: [[[]]] })).toEqual(['/form/nested invalid-type']);
    expect(issuesOf({ items: { title: 'x' } })).toEqual(['/form/items invalid-type']);
  });

  it('does not descend into deeply nested values it does not expect', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    expect(issuesOf({ name: deep })).toEqual(['/form/name invalid-type']);
    expect(issuesOf({ unexpected: deep })).toEqual(['/form/unexpected unknown-field']);
    expect(issuesOf({ items: [deep] })).toEqual(['/form/items/0 invalid-type']);
  });

  it('answers a repeated group of 10,000 items with one issue', () => {
    const result = validate({ name: '山田', items: Array.from({ length: 10_000 }, () => ({ title: 'x', extra: [1, 2, 3] })) });
    expect(result.ok ? [] : result.issues).toEqual([{ pointer: '/form/items', code: 'out-of-range', message: 'must have between 1 and 3 items' }]);
  });

  it('caps the number of issues', () => {
    const form: Record<string, unknown> = { name: '山田' };
    for (let i = 0; i < 1000; i++) form[`unknown${i}`] = i;
    const result = validate(form);
    expect(result.ok ? 0 : result.issues.length).toBe(100);
  });

  it.each([null, [], 'form', 42, true])('answers a form that is %j with an issue, not an exception', (form) => {
    expect(validate(form)).toEqual({ ok: false, issues: [{ pointer: '/form', code: 'invalid-type', message: 'must be an object' }] });
  });

  it('answers a missing form as required', () => {
    expect(validate(undefined)).toEqual({ ok: false, issues: [{ pointer: '/form', code: 'required', message: 'is required' }] });
  });

  it('refuses control characters, lone surrogates and bidirectional overrides', () => {
    for (const value of ['山\u0000田', '山\n田', '山\u202e田', '山\ud800田']) {
      expect(issuesOf({ name: value })).toEqual(['/form/name invalid-character']);
    }
  });

  it('keeps submitted values out of messages', () => {
    const result = validate({ name: '𠮷田', legacyName: '𠮷田', myNumber: '123456789012', email: 'taro@', birthDate: '2025-02-29' });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result.ok ? [] : result.issues.map((issue) => issue.message));
    for (const value of ['𠮷', '123456789012', 'taro@', '2025-02-29']) expect(text).not.toContain(value);
  });
});

describe('field kinds', () => {
  it('text: required, trimmed, length in characters (𠮷 and 葛󠄀 count one each)', () => {
    expect(issuesOf({ name: '　 ' })).toEqual(['/form/name required']);
    expect(validate({})).toMatchObject({ ok: false, issues: [{ pointer: '/form/name', code: 'required' }] });
    expect(dataOf({ name: ' 山田 ' }).name).toBe('山田');
    expect(dataOf({ name: '𠮷'.repeat(10) }).name).toBe('𠮷'.repeat(10));
    expect(dataOf({ name: '葛󠄀'.repeat(10) }).name).toBe('葛󠄀'.repeat(10));
    expect(issuesOf({ name: '𠮷'.repeat(11) })).toEqual(['/form/name too-long']);
  });

  it('text jis-x-0208: accepts what CP932 encodes (髙, 﨑, both wave dashes), names the outside character by code point', () => {
    expect(dataOf({ legacyName: '髙橋〜山﨑～' }).legacyName).toBe('髙橋〜山﨑～');
    const result = validate({ name: '山田', legacyName: '𠮷田' });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        pointer: '/form/legacyName',
        code: 'invalid-character',
        message: 'character 1 (U+20BB7) cannot be written in JIS X 0208 (CP932); use a standard form of the character',
      },
    ]);
  });

  it('text digits, ascii and pattern', () => {
    expect(issuesOf({ digits: '12a' })).toEqual(['/form/digits invalid-character']);
    expect(issuesOf({ digits: '１２３' })).toEqual(['/form/digits invalid-character']);
    expect(issuesOf({ ascii: 'abc 123' })).toEqual([]);
    expect(issuesOf({ ascii: 'abc漢' })).toEqual(['/form/ascii invalid-character']);
    expect(issuesOf({ patterned: 'AB123' })).toEqual([]);
    expect(issuesOf({ patterned: 'xAB123' })).toEqual(['/form/patterned invalid-format']);
  });

  it('optional strings left empty are treated as not given', () => {
    expect(dataOf({ address: '', kana: ' ', choice: '', birthDate: '' })).toEqual({ name: '山田' });
  });

  it('kana: hiragana and half-width katakana become katakana, spaces ideographic', () => {
    expect(dataOf({ kana: 'やまだ たろう' }).kana).toBe('ヤマダ　タロウ');
    expect(dataOf({ kana: 'ﾔﾏﾀﾞ ﾀﾛｳ' }).kana).toBe('ヤマダ　タロウ');
    expect(dataOf({ kana: 'ジョン・スミス' }).kana).toBe('ジョン・スミス');
    expect(issuesOf({ kana: '山田' })).toEqual(['/form/kana invalid-character']);
    expect(issuesOf({ kana: 'Yamada' })).toEqual(['/form/kana invalid-character']);
  });

  it('date: ISO, in the calendar, bounds relative to today in Japan', () => {
    expect(issuesOf({ birthDate: '2024-02-29' })).toEqual([]);
    expect(issuesOf({ birthDate: '2025-02-29' })).toEqual(['/form/birthDate invalid-date']);
    expect(issuesOf({ birthDate: '2025/01/01' })).toEqual(['/form/birthDate invalid-format']);
    expect(issuesOf({ birthDate: '2026-12-01' })).toEqual([]);
    expect(issuesOf({ birthDate: '2026-12-02' })).toEqual(['/form/birthDate out-of-range']);
    expect(issuesOf({ birthDate: '1899-12-31' })).toEqual(['/form/birthDate out-of-range']);
    expect(issuesOf({ movingDate: '2026-11-17' })).toEqual([]);
    expect(issuesOf({ movingDate: '2026-11-16' })).toEqual(['/form/movingDate out-of-range']);
    expect(issuesOf({ movingDate: '2027-01-01' })).toEqual([]);
    expect(issuesOf({ movingDate: '2027-01-02' })).toEqual(['/form/movingDate out-of-range']);
  });

  it('era-date: checked against the era table, output carries the ISO date', () => {
    expect(dataOf({ eraDate: { era: '昭和', year: 64, month: 1, day: 7 } }).eraDate).toEqual({ era: '昭和', year: 64, month: 1, day: 7, iso: '1989-01-07' });
    expect(issuesOf({ eraDate: { era: '昭和', year: 64, month: 1, day: 8 } })).toEqual(['/form/eraDate invalid-date']);
    expect(dataOf({ eraDate: { era: '明治', year: 45, month: 7, day: 30 } }).eraDate).toMatchObject({ iso: '1912-07-30' });
    expect(dataOf({ eraDate: { era: '大正', year: 1, month: 7, day: 30 } }).eraDate).toMatchObject({ iso: '1912-07-30' });
    expect(dataOf({ eraDate: { era: 5, year: 1, month: 5, day: 1 } }).eraDate).toEqual({ era: '令和', year: 1, month: 5, day: 1, iso: '2019-05-01' });
    expect(issuesOf({ eraDate: { era: '令和', year: 1, month: 4, day: 30 } })).toEqual(['/form/eraDate invalid-date']);
    expect(issuesOf({ eraDate: { era: '平成', year: 7, month: 2, day: 29 } })).toEqual(['/form/eraDate invalid-date']);
    expect(issuesOf({ eraDate: { era: '平安', year: 1, month: 1, day: 1 } })).toEqual(['/form/eraDate/era not-in-list']);
    expect(issuesOf({ eraDate: { era: '令和', year: '1', month: 13, day: 1, iso: '2019-05-01' } }).sort()).toEqual([
      '/form/eraDate/iso unknown-field',
      '/form/eraDate/month out-of-range',
      '/form/eraDate/year invalid-type',
    ]);
  });

  it('integer: JSON integers within range only', () => {
    expect(issuesOf({ count: 10 })).toEqual([]);
    expect(issuesOf({ count: 11 })).toEqual(['/form/count out-of-range']);
    expect(issuesOf({ count: 0 })).toEqual(['/form/count out-of-range']);
    expect(issuesOf({ count: 1.5 })).toEqual(['/form/count invalid-type']);
    expect(issuesOf({ count: '3' })).toEqual(['/form/count invalid-type']);
    expect(issuesOf({ count: JSON.parse('1e400') })).toEqual(['/form/count invalid-type']);
  });

  it('code and boolean', () => {
    expect(issuesOf({ choice: 'c' })).toEqual(['/form/choice not-in-list']);
    expect(issuesOf({ choice: 1 })).toEqual(['/form/choice invalid-type']);
    expect(issuesOf({ flag: 'true' })).toEqual(['/form/flag invalid-type']);
    expect(dataOf({ flag: false }).flag).toBe(false);
  });

  it('postal-code: NNN-NNNN, 7 digits and full-width digits are normalised', () => {
    expect(dataOf({ postalCode: '530-0005' }).postalCode).toBe('530-0005');
    expect(dataOf({ postalCode: '5300005' }).postalCode).toBe('530-0005');
    expect(dataOf({ postalCode: '５３０－０００５' }).postalCode).toBe('530-0005');
    expect(issuesOf({ postalCode: '530-005' })).toEqual(['/form/postalCode invalid-format']);
    expect(issuesOf({ postalCode: 5300005 })).toEqual(['/form/postalCode invalid-type']);
  });

  it('phone: 10 or 11 digits with hyphens, starting with 0', () => {
    expect(dataOf({ phone: '06-6208-8181' }).phone).toBe('06-6208-8181');
    expect(dataOf({ phone: '０９０１２３４５６７８' }).phone).toBe('09012345678');
    expect(issuesOf({ phone: '6208-8181' })).toEqual(['/form/phone invalid-format']);
    expect(issuesOf({ phone: '06--6208-8181' })).toEqual(['/form/phone invalid-format']);
    expect(issuesOf({ phone: '090-1234-56789' })).toEqual(['/form/phone invalid-format']);
  });

  it('email', () => {
    expect(issuesOf({ email: 'hanako.yamasaki@example.co.jp' })).toEqual([]);
    expect(issuesOf({ email: 'hanako@example' })).toEqual(['/form/email invalid-format']);
    expect(issuesOf({ email: 'はなこ@example.jp' })).toEqual(['/form/email invalid-format']);
  });

  it('my-number: 12 digits with the check digit', () => {
    expect(issuesOf({ myNumber: '137213112630' })).toEqual([]);
    expect(issuesOf({ myNumber: '137213112631' })).toEqual(['/form/myNumber invalid-check-digit']);
    expect(issuesOf({ myNumber: '13721311263' })).toEqual(['/form/myNumber invalid-format']);
    expect(issuesOf({ myNumber: 137213112630 })).toEqual(['/form/myNumber invalid-type']);
  });

  it('address: at most 200 characters', () => {
    const address = '大阪府大阪市北区中之島1丁目3番20号';
    expect(dataOf({ address }).address).toBe(address);
    expect(issuesOf({ address: 'あ'.repeat(201) })).toEqual(['/form/address too-long']);
  });

  it('attachment: a strict reference with media type, size up to 10 MiB and SHA-256', () => {
    const document = { id: 'upl_1', mediaType: 'application/pdf', size: 10 * 1024 * 1024, sha256: 'AB'.repeat(32) };
    expect(dataOf({ document }).document).toEqual({ ...document, sha256: 'ab'.repeat(32) });
    expect(issuesOf({ document: { ...document, size: 10 * 1024 * 1024 + 1 } })).toEqual(['/form/document/size out-of-range']);
    expect(issuesOf({ document: { ...document, mediaType: 'text/html' } })).toEqual(['/form/document/mediaType not-in-list']);
    expect(issuesOf({ document: { ...document, url: 'https://example.com/x' } })).toEqual(['/form/document/url unknown-field']);
    expect(issuesOf({ document: { id: '../../etc/passwd', mediaType: 'image/png', size: 1, sha256: 'a'.repeat(64) } })).toEqual(['/form/document/id invalid-format']);
  });

  it('groups: required inner fields apply once the group is given', () => {
    expect(issuesOf({ nested: {} })).toEqual(['/form/nested/inner required']);
    expect(issuesOf({ nested: { inner: {} } })).toEqual(['/form/nested/inner/value required']);
    expect(issuesOf({ nested: { inner: { value: 'abcdef' } } })).toEqual(['/form/nested/inner/value too-long']);
  });

  it('repeated groups: an array within its counts, each item checked with its index in the pointer', () => {
    expect(dataOf({ items: [{ title: 'a' }, { title: 'b' }] }).items).toEqual([{ title: 'a' }, { title: 'b' }]);
    expect(issuesOf({ items: [] })).toEqual(['/form/items out-of-range']);
    expect(issuesOf({ items: [{ title: 'a' }, {}, 'x'] })).toEqual(['/form/items/1/title required', '/form/items/2 invalid-type']);
  });
});
