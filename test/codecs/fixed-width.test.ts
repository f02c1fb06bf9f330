import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixedWidthWriter, defineFixedWidthLayout } from '../../src/codecs/fixed-width.js';
import type { FixedWidthLayout, RecordValues } from '../../src/codecs/fixed-width.js';
import { parseFixedWidthFile, FixedWidthParser } from '../../src/codecs/fixed-width-parser.js';
import { ConfigurationError, InputError } from '../../src/errors.js';
import { SAMPLE_REQUEST_LAYOUT } from './sample-request-layout.js';

/** A one-field layout to look at single fields byte by byte. */
function single(field: FixedWidthLayout['data']['fields'][number]): FixedWidthLayout {
  return defineFixedWidthLayout({
    name: 'single',
    recordLength: 1 + field.width,
    header: { recordType: 'H', fields: [{ name: 'h', width: field.width, type: 'alnum' }] },
    data: { recordType: 'D', fields: [field] },
    trailer: {
      recordType: 'T',
      fields: [
        { name: 'count', width: 1, type: 'numeric', role: 'record-count' },
        { name: 'sum', width: field.width - 1, type: 'numeric', role: 'checksum' },
      ],
    },
  });
}

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function write(layout: FixedWidthLayout, records: RecordValues[], header: RecordValues = {}): Promise<Buffer> {
  const sink = new Collect();
  const writer = createFixedWidthWriter(layout, sink, { header });
  for (const record of records) await writer.write(record);
  await writer.end();
  return sink.bytes;
}

/** The data record of a single-field file, as upper-case hex without type byte and CRLF. */
async function fieldHex(layout: FixedWidthLayout, value: unknown): Promise<string> {
  const bytes = await write(layout, [{ [layout.data.fields[0]!.name]: value }]);
  const line = layout.recordLength + 2;
  return bytes.subarray(line + 1, 2 * line - 2).toString('hex').toUpperCase();
}

async function fieldError(layout: FixedWidthLayout, value: unknown): Promise<InputError> {
  const error = await write(layout, [{ [layout.data.fields[0]!.name]: value }]).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('fixed-width fields', () => {
  const kanji = single({ name: 'name', width: 9, type: 'kanji', overflow: 'truncate' });
  const kanjiSpaces = single({ name: 'name', width: 9, type: 'kanji', pad: 'space' });
  const kana = single({ name: 'kana', width: 6, type: 'kana', overflow: 'truncate' });
  const alnum = single({ name: 'code', width: 5, type: 'alnum' });
  const numeric = single({ name: 'amount', width: 6, type: 'numeric' });

  it('pads kanji with full-width spaces and an odd byte with a space', async () => {
    expect(await fieldHex(kanji, '山田')).toBe('8E5293638140814020');
    expect(await fieldHex(kanjiSpaces, '山田')).toBe('8E52936320202020' + '20');
  });

  it('truncates kanji on a character boundary and pads the freed byte with a space', async () => {
    expect(await fieldHex(kanji, '髙橋一郎太')).toBe('FBFC8BB488EA9859' + '20');
  });

  it('encodes the wave-dash family and IBM extensions in kanji fields byte-exact', async () => {
    expect(await fieldHex(kanji, '〜‖−﨑')).toBe('81608161817CFAB1' + '20');
    expect(await fieldHex(kanji, '～∥－￢')).toBe('81608161817C81CA' + '20');
  });

  it('refuses unmappable characters in kanji fields, naming the field and code point', async () => {
    for (const [value, codePoint] of [['𠮷田', 'U+20BB7'], ['葛\u{e0100}', 'U+E0100'], ['\ue000', 'U+E000']] as const) {
      const error = await fieldError(kanji, value);
      expect(error.issues).toEqual([{ pointer: '/name', code: 'unmappable-character', message: `${codePoint} is not in the target character set` }]);
      expect(error.message).not.toContain(value);
    }
  });

  it('refuses single-byte characters in kanji fields', async () => {
    expect((await fieldError(kanji, 'ﾔﾏﾀﾞ')).issues[0]!.code).toBe('not-double-byte');
    expect((await fieldError(kanji, '山\r\n')).issues[0]!.code).toBe('not-double-byte');
  });

  it('encodes half-width kana fields as single bytes, dakuten as their own byte', async () => {
    expect(await fieldHex(kana, 'ﾔﾏﾀﾞ')).toBe('D4CFC0DE2020');
    expect(await fieldHex(kana, 'ｶﾞｶﾞｶﾞｶﾞ')).toBe('B6DEB6DEB6DE');
    expect((await fieldError(kana, 'ヤマダ')).issues[0]!.code).toBe('invalid-character');
  });

  it('left-aligns alnum and refuses overflow by default', async () => {
    expect(await fieldHex(alnum, 'AB')).toBe('4142202020');
    expect((await fieldError(alnum, 'ABCDEF')).issues[0]).toMatchObject({ pointer: '/code', code: 'too-long' });
    expect((await fieldError(alnum, 'ｱ')).issues[0]!.code).toBe('invalid-character');
  });

  it('right-aligns numbers with zeros and never truncates them', async () => {
    expect(await fieldHex(numeric, 4200)).toBe('303034323030');
    expect(await fieldHex(numeric, '0012')).toBe('303030303132');
    expect(await fieldHex(numeric, undefined)).toBe('303030303030');
    expect((await fieldError(numeric, 1_000_000)).issues[0]!.code).toBe('too-long');
    expect((await fieldError(numeric, -1)).issues[0]!.code).toBe('not-a-number');
    expect((await fieldError(numeric, '１２')).issues[0]!.code).toBe('not-a-number');
    expect(() => single({ name: 'amount', width: 6, type: 'numeric', overflow: 'truncate' })).toThrow(/never truncated/);
  });

  it('refuses fields the layout does not define, including __proto__', async () => {
    const error = await write(alnum, [JSON.parse('{"__proto__": "x"}') as RecordValues]).catch((caught: unknown) => caught);
    expect((error as InputError).issues[0]).toMatchObject({ pointer: '/__proto__', code: 'unknown-field' });
  });
});

describe('fixed-width files', () => {
  const records = [
    { atenaNumber: '1034004400', name: '髙橋　一郎', nameKana: 'ﾀｶﾊｼ ｲﾁﾛｳ', birthDate: '3640107', fiscalYear: 2024, copies: 1, purpose: '児童手当', reference: 'A' },
    { atenaNumber: '1036062335', name: '葛西　花子', nameKana: 'ｶｻｲ ﾊﾅｺ', birthDate: '1000000', fiscalYear: 2024, copies: 2, purpose: '', reference: 'B' },
  ];

  it('writes header, data and trailer with CRLF, count and checksum', async () => {
    const bytes = await write(SAMPLE_REQUEST_LAYOUT, records, { municipality: '271004', createdOn: '20240401', fileId: 'TAX0000001' });
    expect(bytes.length).toBe(4 * 82);
    for (let line = 0; line < 4; line++) expect(bytes.subarray(line * 82 + 80, line * 82 + 82).toString('hex')).toBe('0d0a');
    const data = bytes.subarray(82, 82 + 80);
    expect(data.subarray(0, 11).toString('latin1')).toBe('21034004400');
    expect(data.subarray(11, 31).toString('hex').toUpperCase()).toBe('FBFC8BB4814088EA9859' + '81408140814081408140');
    const sum = [...bytes.subarray(82, 82 + 80), ...bytes.subarray(164, 164 + 80)].reduce((a, b) => a + b, 0);
    const trailer = bytes.subarray(246, 246 + 80).toString('latin1');
    expect(trailer.slice(0, 22)).toBe(`9000000002${String(sum).padStart(12, '0')}`);
  });

  it('reads its own output back', async () => {
    const bytes = await write(SAMPLE_REQUEST_LAYOUT, records, { municipality: '271004', createdOn: '20240401', fileId: 'TAX0000001' });
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, bytes);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.header).toMatchObject({ municipality: '271004', fileId: 'TAX0000001' });
    expect(parsed.records[0]).toEqual({ atenaNumber: '1034004400', name: '髙橋　一郎', nameKana: 'ﾀｶﾊｼ ｲﾁﾛｳ', birthDate: '3640107', fiscalYear: '2024', copies: '01', purpose: '児童手当', reference: 'A' });
    expect(parsed.records[1]!.purpose).toBe('');
    expect(parsed.trailer.recordCount).toBe('000000002');
  });

  it('writes an empty file as header and trailer', async () => {
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, await write(SAMPLE_REQUEST_LAYOUT, []));
    expect(parsed).toMatchObject({ ok: true, records: [] });
  });

  it('a record that fails leaves the file intact', async () => {
    const sink = new Collect();
    const writer = createFixedWidthWriter(SAMPLE_REQUEST_LAYOUT, sink);
    await writer.write(records[0]!);
    await expect(writer.write({ ...records[1]!, name: '𠮷' })).rejects.toThrow(InputError);
    await writer.write(records[1]!);
    await writer.end();
    expect(parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, sink.bytes)).toMatchObject({ ok: true });
  });

  it('reports the line of a corrupted byte through the checksum', async () => {
    const bytes = await write(SAMPLE_REQUEST_LAYOUT, records);
    bytes[82 + 45] = 0x41;
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, bytes);
    expect(parsed).toEqual({ ok: false, errors: [expect.objectContaining({ line: 4, code: 'checksum-mismatch' })] });
  });

  it('reports lines of the wrong length, missing CR, unknown types, a missing trailer and a wrong count', async () => {
    const good = await write(SAMPLE_REQUEST_LAYOUT, records);
    const lines = good.toString('latin1').split('\r\n').slice(0, -1);
    const broken = Buffer.from([lines[0], lines[1]!.slice(0, 79), `X${lines[1]!.slice(1)}`, lines[2]].join('\r\n') + '\n', 'latin1');
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => [error.line, error.code])).toEqual([
      [2, 'record-length'],
      [3, 'unknown-record-type'],
      [4, 'line-ending'],
      [5, 'missing-trailer'],
    ]);
    const withTrailer = Buffer.concat([good.subarray(0, 82), good.subarray(164)]);
    const counted = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, withTrailer);
    expect(!counted.ok && counted.errors.map((error) => error.code)).toEqual(['count-mismatch', 'checksum-mismatch']);
  });

  it('reports double-byte or control bytes in single-byte fields', async () => {
    const bytes = await write(SAMPLE_REQUEST_LAYOUT, records);
    bytes[82 + 79] = 0x8a;
    bytes[82 + 82 + 31] = 0x09;
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, bytes);
    expect(!parsed.ok && parsed.errors.map((error) => [error.line, error.code, error.message])).toEqual([
      [2, 'invalid-character', 'field reference cannot be decoded'],
      [3, 'invalid-character', 'field nameKana cannot be decoded'],
      [4, 'checksum-mismatch', expect.any(String)],
    ]);
  });

  it('reports a missing header and an empty file', async () => {
    expect(parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, Buffer.alloc(0))).toMatchObject({
      ok: false,
      errors: [{ line: 1, code: 'missing-header' }, { line: 1, code: 'missing-trailer' }],
    });
    const headless = (await write(SAMPLE_REQUEST_LAYOUT, records)).subarray(82);
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, headless);
    expect(!parsed.ok && parsed.errors.map((error) => [error.line, error.code])).toEqual([[1, 'missing-header']]);
  });

  it('does not buffer an endless line without CRLF', () => {
    const parser = new FixedWidthParser(SAMPLE_REQUEST_LAYOUT);
    for (let i = 0; i < 1000; i++) parser.push(Buffer.alloc(64 * 1024, 0x41));
    const { errors } = parser.end();
    expect(errors[0]).toMatchObject({ line: 1, code: 'line-ending' });
    expect(errors.length).toBeLessThanOrEqual(100);
  });

  it('parses a file delivered in tiny chunks', async () => {
    const bytes = await write(SAMPLE_REQUEST_LAYOUT, records);
    const parser = new FixedWidthParser(SAMPLE_REQUEST_LAYOUT);
    const seen = [];
    for (let i = 0; i < bytes.length; i += 7) seen.push(...parser.push(bytes.subarray(i, i + 7)));
    expect(parser.end().errors).toEqual([]);
    expect(seen.map((record) => record.line)).toEqual([2, 3]);
  });
});

describe('streaming writer', () => {
  const directory = mkdtemp(join(tmpdir(), 'kakehashi-fixed-width-'));
  afterAll(async () => rm(await directory, { recursive: true, force: true }));

  it('waits for drain when the stream pushes back', async () => {
    const sink = new PassThrough({ highWaterMark: 200 });
    const writer = createFixedWidthWriter(SAMPLE_REQUEST_LAYOUT, sink, { chunkSize: 164 });
    const received: Buffer[] = [];
    let settled = 0;
    const pending = (async () => {
      for (let i = 0; i < 50; i++) {
        await writer.write({ atenaNumber: i, name: '山田' });
        settled++;
      }
      await writer.end();
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBeLessThan(50);
    sink.on('data', (chunk: Buffer) => received.push(chunk));
    await pending;
    const parsed = parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, Buffer.concat(received));
    expect(parsed).toMatchObject({ ok: true });
    expect(parsed.ok && parsed.records.length).toBe(50);
  });

  it('writes a real file and surfaces stream errors', async () => {
    const path = join(await directory, 'batch.dat');
    const writer = createFixedWidthWriter(SAMPLE_REQUEST_LAYOUT, createWriteStream(path));
    for (let i = 0; i < 1000; i++) await writer.write({ atenaNumber: i, name: '山田　太郎', nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ' });
    expect(await writer.end()).toMatchObject({ recordCount: 1000 });
    expect(parseFixedWidthFile(SAMPLE_REQUEST_LAYOUT, await readFile(path))).toMatchObject({ ok: true });

    const failing = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('disk full')) });
    const broken = createFixedWidthWriter(SAMPLE_REQUEST_LAYOUT, failing, { chunkSize: 82 });
    await expect((async () => {
      for (let i = 0; i < 10; i++) await broken.write({ atenaNumber: i });
      await broken.end();
    })()).rejects.toThrow('disk full');
  });
});

describe('defineFixedWidthLayout', () => {
  it('names the path of a field that does not add up', () => {
    const bad = { ...SAMPLE_REQUEST_LAYOUT, recordLength: 81 };
    expect(() => defineFixedWidthLayout(bad, { file: 'tax.yaml' })).toThrow(ConfigurationError);
    try {
      defineFixedWidthLayout(bad, { file: 'tax.yaml' });
    } catch (error) {
      expect((error as ConfigurationError).path).toBe('/header/fields');
      expect((error as ConfigurationError).file).toBe('tax.yaml');
    }
  });
});
