import { describe, expect, it } from 'vitest';
import { createTransformRegistry } from '../../../src/mapping/transforms/registry.js';
import { TransformValueError } from '../../../src/mapping/transforms/transform.js';

const transforms = createTransformRegistry();
const run = (name: string, value: unknown, args: Record<string, unknown> = {}): unknown => transforms[name]!.apply(value, args);

describe('code tables', () => {
  it('code.gender', () => {
    expect(run('code.gender', '男')).toBe('1');
    expect(run('code.gender', 'female')).toBe('2');
    expect(run('code.gender', 2)).toBe('2');
    expect(() => run('code.gender', 'x')).toThrow(TransformValueError);
  });

  it('code.relationship: single terms, listed chains, other chains, five levels', () => {
    expect(run('code.relationship', '世帯主')).toBe('01');
    expect(run('code.relationship', '妻(未届)')).toBe('04');
    expect(run('code.relationship', '子の子')).toBe('14');
    expect(run('code.relationship', '子の妻')).toBe('12');
    expect(run('code.relationship', '母の母')).toBe('90');
    expect(run('code.relationship', '子(子の夫)の子')).toBe('90');
    expect(run('code.relationship', '子の子の子の子')).toBe('16');
    expect(run('code.relationship', '子の子の子の子の子')).toBe('91');
    expect(run('code.relationship', '母の母', { otherRelative: '99' })).toBe('99');
  });

  it('code.relationship refuses what the standard does not allow', () => {
    for (const value of ['祖父', '孫', '甥', '子の', 'の子', '', '子の子の祖父', 5]) {
      expect(() => run('code.relationship', value)).toThrow(TransformValueError);
    }
  });

  it('code.movementReason and code.taxKind', () => {
    expect(run('code.movementReason', '国内転出')).toBe('21');
    expect(run('code.movementReason', '転居')).toBe('31');
    expect(run('code.taxKind', '市民税・県民税')).toBe('01');
    expect(run('code.taxKind', 'light-vehicle')).toBe('04');
    expect(run('code.taxKind', 'property')).toBe('03');
    expect(() => run('code.taxKind', '所得税')).toThrow(TransformValueError);
  });

  it('takes a table from the mapping, looked up as own keys only', () => {
    expect(run('code.gender', '女', { table: { 男: 'M', 女: 'F' } })).toBe('F');
    expect(() => run('code.gender', '男', { table: { 女: 'F' } })).toThrow(TransformValueError);
    expect(() => run('code.gender', 'toString')).toThrow(TransformValueError);
    expect(() => run('code.gender', '__proto__')).toThrow(TransformValueError);
    expect(transforms['code.gender']!.checkArgs({ table: { 男: 1 } })).toMatch(/non-empty string/);
    expect(transforms['code.gender']!.checkArgs({ table: [] })).toMatch(/map values/);
  });
});

describe('code.lookup', () => {
  const table = { restaurant: '01', izakaya: '02', other: '99' };

  it('maps values by the table the mapping gives', () => {
    expect(run('code.lookup', 'izakaya', { table })).toBe('02');
    expect(run('code.lookup', 'other', { table })).toBe('99');
  });

  it('refuses values not in the table, inherited names included', () => {
    for (const value of ['bar', 'toString', '__proto__', 'constructor', '', 1, null, ['izakaya']]) {
      expect(() => run('code.lookup', value, { table })).toThrow(TransformValueError);
    }
  });

  it('needs a table of non-empty string codes', () => {
    const check = transforms['code.lookup']!.checkArgs;
    expect(check({ table })).toBeUndefined();
    expect(check({})).toMatch(/table is required/);
    expect(check({ table: ['01'] })).toMatch(/table/);
    expect(check({ table: { a: 1 } })).toMatch(/non-empty string/);
    expect(check({ table: { a: '' } })).toMatch(/non-empty string/);
    expect(check({ table, fallback: '99' })).toMatch(/unknown argument/);
  });
});

describe('number.sum', () => {
  it('adds the members of an object or a list', () => {
    expect(run('number.sum', { general: 1, specific: 0, under16: 2 })).toBe(3);
    expect(run('number.sum', [1, 2, 3])).toBe(6);
    expect(run('number.sum', {})).toBe(0);
  });

  it('refuses anything that is not all numbers', () => {
    for (const value of [{ a: '1' }, [1, null], 5, 'x', { a: Number.NaN }]) {
      expect(() => run('number.sum', value)).toThrow(TransformValueError);
    }
    expect(() => run('number.sum', [Number.MAX_SAFE_INTEGER, 2])).toThrow(/too large/);
  });
});
