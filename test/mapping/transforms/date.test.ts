import { describe, expect, it } from 'vitest';
import { EraTable } from '../../../src/jp/era.js';
import { createTransformRegistry } from '../../../src/mapping/transforms/registry.js';
import { TransformValueError } from '../../../src/mapping/transforms/transform.js';

const transforms = createTransformRegistry();
const run = (name: string, value: unknown, args: Record<string, unknown> = {}): unknown => transforms[name]!.apply(value, args);

describe('date.isoToEra', () => {
  it.each([
    ['1912-07-29', '1450729'],
    ['1912-07-30', '2010730'],
    ['1926-12-24', '2151224'],
    ['1926-12-25', '3011225'],
    ['1989-01-07', '3640107'],
    ['1989-01-08', '4010108'],
    ['2019-04-30', '4310430'],
    ['2019-05-01', '5010501'],
  ])('%s → %s', (iso, expected) => {
    expect(run('date.isoToEra', iso, { format: 'GYYMMDD' })).toBe(expected);
  });

  it('gives the object form and the two-digit era code form', () => {
    expect(run('date.isoToEra', '1989-01-07')).toEqual({ eraCode: 3, year: 64, month: 1, day: 7 });
    expect(run('date.isoToEra', '2019-05-01', { format: 'GGYYMMDD' })).toBe('05010501');
  });

  it('keeps a non-leap 2月29日 as registry data', () => {
    expect(run('date.isoToEra', '1991-02-29', { format: 'GYYMMDD' })).toBe('4030229');
    expect(run('date.isoToCompact', '1991-02-29')).toBe('19910229');
    expect(() => run('date.isoToEra', '1991-02-30')).toThrow(TransformValueError);
    expect(() => run('date.isoToEra', '1991-04-31')).toThrow(TransformValueError);
  });

  it('reads registry and form date objects', () => {
    expect(run('date.isoToEra', { iso: '1989-01-07', eraCode: 3, wareki: '昭和64年1月7日', unknown: false }, { format: 'GYYMMDD' })).toBe('3640107');
    expect(run('date.isoToEra', { era: '令和', year: 1, month: 5, day: 1 }, { format: 'GYYMMDD' })).toBe('5010501');
    expect(run('date.isoToEra', { era: 1, year: 45, month: 7, day: 30 }, { format: 'GYYMMDD' })).toBe('2010730');
  });

  it('passes 不詳 dates on as era code and zeros', () => {
    const unknown = { iso: null, eraCode: 3, wareki: '年月日不詳', unknown: true, text: '年月日不詳' };
    expect(run('date.isoToEra', unknown, { format: 'GYYMMDD' })).toBe('3000000');
    expect(run('date.isoToEra', unknown)).toEqual({ eraCode: 3, year: 0, month: 0, day: 0, unknown: true });
    expect(run('date.isoToEra', { unknown: true, text: '年月日不詳' }, { format: 'GYYMMDD' })).toBe('0000000');
    expect(run('date.isoToEra', { unknown: true, eraCode: 3, year: 40, text: '昭和40年頃' }, { format: 'GYYMMDD' })).toBe('3400000');
    expect(run('date.isoToEra', { unknown: true, eraCode: 3, year: 40, month: 5 }, { format: 'GGYYMMDD' })).toBe('03400500');
    expect(run('date.isoToEra', unknown, { format: 'GYYMMDD', unknownAs: 'zeros' })).toBe('0000000');
    expect(run('date.isoToCompact', unknown)).toBe('00000000');
    expect(run('date.isoToCompact', { unknown: true, eraCode: 3, year: 40 })).toBe('19650000');
  });

  it('rejects what is not a date, without echoing it', () => {
    for (const value of ['1989-13-01', '19890107', '', 42, null, [], { iso: 5 }, { unknown: true, eraCode: 9, year: 3 }]) {
      expect(() => run('date.isoToEra', value)).toThrow(TransformValueError);
    }
    expect(() => run('date.isoToEra', '1868-01-24')).toThrow(TransformValueError);
  });

  it('checks the format argument', () => {
    expect(transforms['date.isoToEra']!.checkArgs({ format: 'YYMMDD' })).toMatch(/format/);
    expect(transforms['date.isoToEra']!.checkArgs({ format: 'GYYMMDD' })).toBeUndefined();
  });
});

describe('date.fiscalYearToEra', () => {
  it('writes a 年度 as the era of its 1 April', () => {
    expect(run('date.fiscalYearToEra', 2024)).toBe('506');
    expect(run('date.fiscalYearToEra', 2019)).toBe('431');
    expect(run('date.fiscalYearToEra', 2020)).toBe('502');
    expect(run('date.fiscalYearToEra', 2018)).toBe('430');
    expect(run('date.fiscalYearToEra', '1989')).toBe('401');
    expect(() => run('date.fiscalYearToEra', 24)).toThrow(TransformValueError);
    expect(() => run('date.fiscalYearToEra', 2024.5)).toThrow(TransformValueError);
  });
});

describe('date.fiscalYearOf', () => {
  it('gives the 年度 a day falls in, from April by default', () => {
    expect(run('date.fiscalYearOf', '2025-03-31')).toBe(2024);
    expect(run('date.fiscalYearOf', '2025-04-01')).toBe(2025);
    expect(run('date.fiscalYearOf', '2025-12-31')).toBe(2025);
    expect(run('date.fiscalYearOf', '2026-01-01')).toBe(2025);
  });

  it('turns the year in the month given (児童手当: June)', () => {
    expect(run('date.fiscalYearOf', '2026-05-31', { startMonth: 6 })).toBe(2025);
    expect(run('date.fiscalYearOf', '2026-06-01', { startMonth: 6 })).toBe(2026);
    expect(run('date.fiscalYearOf', '2026-04-01', { startMonth: 6 })).toBe(2025);
    expect(run('date.fiscalYearOf', '2026-01-01', { startMonth: 1 })).toBe(2026);
    expect(run('date.fiscalYearOf', '2026-11-30', { startMonth: 12 })).toBe(2025);
  });

  it('refuses what is not an ISO date, without echoing it', () => {
    for (const value of ['2026-13-01', '2026-06-31', '2026-6-1', '2026-06-01T00:00:00Z', 2026, null, { iso: '2026-06-01' }, '１２３４-０６-０１']) {
      expect(() => run('date.fiscalYearOf', value)).toThrow(TransformValueError);
    }
    try {
      run('date.fiscalYearOf', '2026-99-99');
    } catch (error) {
      expect((error as Error).message).not.toContain('2026');
    }
  });

  it('checks startMonth', () => {
    const check = transforms['date.fiscalYearOf']!.checkArgs;
    expect(check({})).toBeUndefined();
    expect(check({ startMonth: 6 })).toBeUndefined();
    for (const startMonth of [0, 13, 4.5, '6', null]) expect(check({ startMonth })).toMatch(/startMonth/);
    expect(check({ month: 6 })).toMatch(/unknown argument/);
  });
});

describe('date.eraToIso', () => {
  it.each([
    ['1450730', '1912-07-30'],
    ['2010730', '1912-07-30'],
    ['2151225', '1926-12-25'],
    ['3011225', '1926-12-25'],
    ['3640107', '1989-01-07'],
    ['4010108', '1989-01-08'],
    ['4310430', '2019-04-30'],
    ['5010501', '2019-05-01'],
    ['4030229', '1991-02-29'],
  ])('%s → %s', (value, iso) => {
    expect(run('date.eraToIso', value)).toBe(iso);
  });

  it('refuses days outside their era', () => {
    expect(() => run('date.eraToIso', '3640108')).toThrow(/not inside its era/);
    expect(() => run('date.eraToIso', '4310501')).toThrow(/not inside its era/);
    expect(() => run('date.eraToIso', '1450731')).toThrow(/not inside its era/);
    expect(() => run('date.eraToIso', '9010101')).toThrow(/unknown era/);
    expect(() => run('date.eraToIso', '4030230')).toThrow(TransformValueError);
  });

  it('reads objects and two-digit era codes', () => {
    expect(run('date.eraToIso', { era: '昭和', year: 64, month: 1, day: 7 })).toBe('1989-01-07');
    expect(run('date.eraToIso', '05010501', { format: 'GGYYMMDD' })).toBe('2019-05-01');
  });

  it('turns zeros back into a 不詳 date', () => {
    expect(run('date.eraToIso', '3000000')).toEqual({ iso: null, unknown: true, eraCode: 3, year: 0, month: 0 });
    expect(run('date.eraToIso', '3400000')).toEqual({ iso: null, unknown: true, eraCode: 3, year: 40, month: 0 });
    expect(run('date.eraToIso', '0000000')).toEqual({ iso: null, unknown: true, eraCode: 0, year: 0, month: 0 });
  });
});

describe('era table as configuration', () => {
  it('uses a configured era table', () => {
    const eras = new EraTable([
      { code: 4, name: '平成', initial: 'H', start: '1989-01-08' },
      { code: 5, name: '令和', initial: 'R', start: '2019-05-01' },
      { code: 6, name: '新元号', initial: 'N', start: '2040-01-01' },
    ]);
    const configured = createTransformRegistry({ eraTable: eras });
    expect(configured['date.isoToEra']!.apply('2040-01-01', { format: 'GYYMMDD' })).toBe('6010101');
  });
});
