import { describe, expect, it } from 'vitest';
import { encodeCsv, parseCsv } from '../../src/codecs/csv.js';
import { InputError } from '../../src/errors.js';

const hex = (buffer: Buffer): string => buffer.toString('hex').toUpperCase();

describe('encodeCsv', () => {
  it('quotes only what needs quoting, doubles quotes, ends records with CRLF', () => {
    const bytes = encodeCsv([
      ['id', 'note', 'amount'],
      ['1', 'a "quoted" word, and more', 1200],
      ['2', 'line one\r\nline two', null],
    ]);
    expect(bytes.toString('utf8')).toBe('id,note,amount\r\n1,"a ""quoted"" word, and more",1200\r\n2,"line one\r\nline two",\r\n');
  });

  it('writes a UTF-8 BOM on request and keeps characters outside CP932 in UTF-8', () => {
    expect(hex(encodeCsv([['𠮷']], { encoding: 'utf-8-bom' }))).toBe('EFBBBF' + 'F0A0AEB7' + '0D0A');
    expect(hex(encodeCsv([['葛\u{e0100}']]))).toBe('E8919B' + 'F3A08480' + '0D0A');
  });

  it('encodes CP932 byte-exact: wave-dash family, half-width kana, IBM extensions', () => {
    expect(hex(encodeCsv([['〜', '～', '‖', '−', '¢', '£', '¬'], ['ｶﾞ', '髙﨑']], { encoding: 'cp932' }))).toBe(
      '8160' + '2C' + '8160' + '2C' + '8161' + '2C' + '817C' + '2C' + '8191' + '2C' + '8192' + '2C' + '81CA' + '0D0A' + 'B6DE' + '2C' + 'FBFCFAB1' + '0D0A',
    );
  });

  it('refuses characters CP932 cannot hold, pointing at row and column, never quoting the value', () => {
    for (const [value, codePoint] of [['𠮷田', 'U+20BB7'], ['葛\u{e0100}', 'U+E0100'], ['\ue000', 'U+E000'], ['¥', 'U+00A5']] as const) {
      try {
        encodeCsv([['ok'], ['ok', value]], { encoding: 'cp932' });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).issues[0]).toEqual({ pointer: '/rows/1/1', code: 'unmappable-character', message: `character ${codePoint} cannot be encoded in CP932` });
        expect((error as InputError).message).not.toContain(value);
      }
    }
  });
});

describe('parseCsv', () => {
  const parse = (text: string, options = {}) => parseCsv(Buffer.from(text, 'utf8'), options);

  it('reads quotes, doubled quotes, embedded CRLF and empty fields', () => {
    expect(parse('a,"b ""c"", d","x\r\ny"\r\n,,\r\n')).toEqual({ ok: true, rows: [['a', 'b "c", d', 'x\r\ny'], ['', '', '']] });
  });

  it('reads its own output back, in every encoding', () => {
    const rows = [['名前', 'ｶﾅ', 'note'], ['髙橋　一郎', 'ﾀｶﾊｼ', 'say "hi",\r\nbye'], ['', '～', '']];
    for (const encoding of ['utf-8', 'utf-8-bom', 'cp932'] as const) {
      const parsed = parseCsv(encodeCsv(rows, { encoding }), { encoding: encoding === 'cp932' ? 'cp932' : 'utf-8' });
      expect(parsed).toEqual({ ok: true, rows });
    }
  });

  it('decodes CP932 wave dash to the Microsoft code point', () => {
    expect(parseCsv(Buffer.from('8160', 'hex'), { encoding: 'cp932' })).toEqual({ ok: true, rows: [['～']] });
  });

  it('accepts LF record ends and a missing final record end', () => {
    expect(parse('a,b\nc,d')).toEqual({ ok: true, rows: [['a', 'b'], ['c', 'd']] });
    expect(parse('')).toEqual({ ok: true, rows: [] });
  });

  it('reports an unterminated quote at the line it started', () => {
    expect(parse('a,b\r\nc,"open\r\nmore\r\n')).toMatchObject({ ok: false, error: { code: 'unterminated-quote', line: 2, record: 2 } });
  });

  it('reports stray quotes and text after a closing quote', () => {
    expect(parse('a,b"c\r\n')).toMatchObject({ ok: false, error: { code: 'quote-in-unquoted-field', line: 1 } });
    expect(parse('x\r\n"a"b\r\n')).toMatchObject({ ok: false, error: { code: 'text-after-quote', line: 2 } });
  });

  it('counts lines inside quoted fields', () => {
    expect(parse('"a\r\nb",c\r\n"d\r\ne",f,g\r\n')).toMatchObject({ ok: false, error: { code: 'ragged-row', line: 4, record: 2 } });
    expect(parse('a\r\nb,c\r\n', { allowRagged: true })).toEqual({ ok: true, rows: [['a'], ['b', 'c']] });
  });

  it('stops early on a million columns, a huge field, too many rows or too many bytes', () => {
    expect(parse(','.repeat(1_000_000))).toMatchObject({ ok: false, error: { code: 'too-many-columns', line: 1 } });
    expect(parse(`"${'x'.repeat(100_000)}"`)).toMatchObject({ ok: false, error: { code: 'field-too-long' } });
    expect(parse('x'.repeat(100_000))).toMatchObject({ ok: false, error: { code: 'field-too-long' } });
    expect(parse('a\r\n'.repeat(11), { maxRows: 10 })).toMatchObject({ ok: false, error: { code: 'too-many-rows', record: 11 } });
    expect(parse('abc', { maxBytes: 2 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('fails fast on a quoted field made of doubled quotes that never ends', () => {
    expect(parse(`"${'""'.repeat(200_000)}`)).toMatchObject({ ok: false, error: { code: 'field-too-long' } });
    expect(parse(`"${'""'.repeat(20_000)}`)).toMatchObject({ ok: false, error: { code: 'unterminated-quote' } });
  });

  it('refuses invalid bytes instead of inventing characters', () => {
    expect(parseCsv(Buffer.from([0x61, 0xff, 0x62]))).toMatchObject({ ok: false, error: { code: 'invalid-encoding' } });
    expect(parseCsv(Buffer.from('610D0A8A', 'hex'), { encoding: 'cp932' })).toMatchObject({ ok: false, error: { code: 'invalid-encoding', line: 2 } });
  });

  it('keeps __proto__ as plain data', () => {
    const parsed = parse('__proto__,constructor\r\n');
    expect(parsed).toEqual({ ok: true, rows: [['__proto__', 'constructor']] });
  });
});
