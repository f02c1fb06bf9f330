/**
 * Era dates, non-calendar days and 不詳 dates as they reach the wire: mapped
 * by the date transforms, then written by the fixed-width and CSV codecs,
 * checked byte for byte.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeCsvRow, parseCsv } from '../../src/codecs/csv.js';
import { createFixedWidthWriter, defineFixedWidthLayout } from '../../src/codecs/fixed-width.js';
import { parseFixedWidthFile } from '../../src/codecs/fixed-width-parser.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';

const transforms = createTransformRegistry();
const toEra = (value: unknown): string => transforms['date.isoToEra']!.apply(value, { format: 'GYYMMDD' }) as string;
const toCompact = (value: unknown): string => transforms['date.isoToCompact']!.apply(value, {}) as string;
const hex = (text: string): string => Buffer.from(text, 'latin1').toString('hex').toUpperCase();

const DATES: [string, unknown, string, string][] = [
  ['明治45年7月29日', '1912-07-29', '1450729', '19120729'],
  ['大正元年7月30日 (明治45年7月30日)', '1912-07-30', '2010730', '19120730'],
  ['昭和元年12月25日 (大正15年12月25日)', '1926-12-25', '3011225', '19261225'],
  ['昭和64年1月7日', '1989-01-07', '3640107', '19890107'],
  ['平成元年1月8日', '1989-01-08', '4010108', '19890108'],
  ['平成31年4月30日', '2019-04-30', '4310430', '20190430'],
  ['令和元年5月1日', '2019-05-01', '5010501', '20190501'],
  ['平成3年2月29日 (non-calendar, kept)', '1991-02-29', '4030229', '19910229'],
  ['年月日不詳 (昭和)', { iso: null, eraCode: 3, unknown: true, text: '年月日不詳' }, '3000000', '00000000'],
  ['昭和40年頃 (year only)', { unknown: true, eraCode: 3, year: 40, text: '昭和40年頃' }, '3400000', '19650000'],
];

const layout = defineFixedWidthLayout({
  name: 'dates',
  recordLength: 16,
  header: { recordType: 'H', fields: [{ name: 'filler', width: 15, type: 'alnum' }] },
  data: { recordType: 'D', fields: [{ name: 'era', width: 7, type: 'numeric' }, { name: 'compact', width: 8, type: 'numeric' }] },
  trailer: {
    recordType: 'T',
    fields: [
      { name: 'count', width: 3, type: 'numeric', role: 'record-count' },
      { name: 'sum', width: 12, type: 'numeric', role: 'checksum' },
    ],
  },
});

describe('dates through the fixed-width codec', () => {
  it.each(DATES)('%s', async (_label, value, era, compact) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, callback) => (chunks.push(chunk), callback()) });
    const writer = createFixedWidthWriter(layout, sink);
    await writer.write({ era: toEra(value), compact: toCompact(value) });
    await writer.end();
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(18, 36).toString('hex').toUpperCase()).toBe(`44${hex(era)}${hex(compact)}0D0A`);
    const parsed = parseFixedWidthFile(layout, bytes);
    expect(parsed.ok && parsed.records[0]).toEqual({ era, compact });
    expect(transforms['date.eraToIso']!.apply(era, {})).toEqual(typeof value === 'string' ? value : expect.objectContaining({ iso: null, unknown: true, eraCode: 3 }));
  });
});

describe('dates through the CSV codec', () => {
  it.each(DATES)('%s', (_label, value, era, compact) => {
    const bytes = encodeCsvRow([toEra(value), toCompact(value)], { encoding: 'cp932' });
    expect(bytes.toString('hex').toUpperCase()).toBe(`${hex(era)}2C${hex(compact)}0D0A`);
    expect(parseCsv(bytes, { encoding: 'cp932' })).toEqual({ ok: true, rows: [[era, compact]] });
  });
});
