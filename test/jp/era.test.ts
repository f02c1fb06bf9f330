import { describe, expect, it } from 'vitest';
import { EraTable } from '../../src/jp/era.js';

const eras = new EraTable();

describe('era table', () => {
  it('places transition days in the new era and formats 元年', () => {
    expect(eras.format('1989-01-07')).toBe('昭和64年1月7日');
    expect(eras.format('1989-01-08')).toBe('平成元年1月8日');
    expect(eras.format('2019-04-30')).toBe('平成31年4月30日');
    expect(eras.format('2019-05-01')).toBe('令和元年5月1日');
    expect(eras.format('1912-07-30')).toBe('大正元年7月30日');
  });
  it('accepts both names of the shared days 1912-07-30 and 1926-12-25', () => {
    expect(eras.fromEra('明治', 45, 7, 30)).toBe('1912-07-30');
    expect(eras.fromEra(2, 1, 7, 30)).toBe('1912-07-30');
    expect(eras.fromEra('大正', 15, 12, 25)).toBe('1926-12-25');
    expect(eras.fromEra('S', 1, 12, 25)).toBe('1926-12-25');
  });
  it('refuses days outside their era and non-calendar days', () => {
    expect(() => eras.fromEra('昭和', 64, 1, 8)).toThrow(RangeError);
    expect(() => eras.fromEra('平成', 31, 5, 1)).toThrow(RangeError);
    expect(() => eras.fromEra('明治', 45, 7, 31)).toThrow(RangeError);
    expect(() => eras.fromEra('令和', 7, 2, 29)).toThrow(RangeError);
    expect(() => eras.fromEra('昭和', 0, 1, 1)).toThrow(RangeError);
    expect(() => eras.fromEra('X', 1, 1, 1)).toThrow(RangeError);
  });
  it('writes and reads the JPKI EYYYYMMDD notation', () => {
    expect(eras.toJpkiDate('1989-01-07')).toBe('319890107');
    expect(eras.fromJpkiDate('319890107')).toBe('1989-01-07');
    expect(() => eras.fromJpkiDate('519890107')).toThrow(RangeError);
  });
  it('takes a new era from configuration', () => {
    const future = new EraTable([...eras.eras.map(({ end, ...era }) => (end && era.code <= 2 ? { ...era, end } : era)), { code: 6, name: '新元', initial: 'N', start: '2040-01-01' }]);
    expect(future.format('2040-01-01')).toBe('新元元年1月1日');
    expect(future.format('2039-12-31')).toBe('令和21年12月31日');
  });
});
