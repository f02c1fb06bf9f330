import { describe, expect, it } from 'vitest';
import type { FeeExemption } from '../../src/catalog/procedure.js';
import { InputError } from '../../src/errors.js';
import { computeFee, formatYen } from '../../src/intake/fee.js';
import { procedureWithFee } from './fee-procedure.js';

const welfarePurpose: FeeExemption = {
  pointer: '/purpose',
  equals: 'welfare',
  reason: { ja: '福祉目的のため手数料免除', en: 'Exempt for welfare purposes' },
};

describe('computeFee', () => {
  it('charges nothing for a free procedure', () => {
    expect(computeFee(procedureWithFee({ kind: 'free' }), {})).toEqual({ amount: 0, currency: 'JPY', breakdown: 'No fee' });
  });

  it('charges a fixed fee whatever the form says', () => {
    const fee = computeFee(procedureWithFee({ kind: 'fixed', amount: 300 }), { copies: 5 });
    expect(fee).toEqual({ amount: 300, currency: 'JPY', breakdown: '¥300' });
  });

  it('charges per copy: 3 copies at ¥300 are ¥900', () => {
    const fee = computeFee(procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/copies' }), { copies: 3 });
    expect(fee).toEqual({ amount: 900, currency: 'JPY', breakdown: '¥300 × 3 copies = ¥900' });
  });

  it('reads copies at a nested pointer with escaped tokens', () => {
    const procedure = procedureWithFee({ kind: 'per-copy', amount: 450, copies: '/request/copies~1count' });
    const fee = computeFee(procedure, { request: { 'copies/count': 1 } });
    expect(fee).toEqual({ amount: 450, currency: 'JPY', breakdown: '¥450 × 1 copy = ¥450' });
  });

  it('waives the fee when an exemption matches, with its reason', () => {
    const procedure = procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/copies' }, [welfarePurpose]);
    const fee = computeFee(procedure, { copies: 3, purpose: 'welfare' });
    expect(fee).toEqual({ amount: 0, currency: 'JPY', exemption: { reason: welfarePurpose.reason }, breakdown: 'Exempt: Exempt for welfare purposes' });
  });

  it('charges the fee when the exemption field holds another value or a value of another type', () => {
    const numeric: FeeExemption = { ...welfarePurpose, pointer: '/category', equals: 1 };
    const procedure = procedureWithFee({ kind: 'fixed', amount: 300 }, [welfarePurpose, numeric]);
    expect(computeFee(procedure, { purpose: 'employment', category: '1' }).amount).toBe(300);
    expect(computeFee(procedure, {}).amount).toBe(300);
    expect(computeFee(procedure, { category: 1 }).amount).toBe(0);
  });

  it('formats large amounts with thousands separators', () => {
    expect(computeFee(procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/copies' }), { copies: 40 }).breakdown).toBe('¥300 × 40 copies = ¥12,000');
    expect(formatYen(1234567)).toBe('¥1,234,567');
  });

  it.each([
    ['missing', {}],
    ['zero', { copies: 0 }],
    ['negative', { copies: -2 }],
    ['fractional', { copies: 1.5 }],
    ['a string', { copies: '3' }],
    ['so large the fee overflows', { copies: Number.MAX_SAFE_INTEGER }],
  ])('refuses copies that are %s, pointing at the form field', (_label, form) => {
    const procedure = procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/copies' });
    let thrown: unknown;
    try {
      computeFee(procedure, form);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).code).toBe('invalid-copies');
    expect((thrown as InputError).issues.map((issue) => issue.pointer)).toEqual(['/form/copies']);
  });

  it('never follows a pointer into the prototype chain', () => {
    const toString = procedureWithFee({ kind: 'fixed', amount: 300 }, [{ ...welfarePurpose, pointer: '/constructor/name', equals: 'Object' }]);
    expect(computeFee(toString, {}).amount).toBe(300);
    const hostile = JSON.parse('{"__proto__": {"copies": 2}}') as Record<string, unknown>;
    const perCopy = procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/copies' });
    expect(() => computeFee(perCopy, hostile)).toThrow(InputError);
    const viaProto = procedureWithFee({ kind: 'per-copy', amount: 300, copies: '/__proto__/copies' });
    expect(computeFee(viaProto, hostile).amount).toBe(600);
  });

  it('reads array items by index only', () => {
    const procedure = procedureWithFee({ kind: 'fixed', amount: 300 }, [{ ...welfarePurpose, pointer: '/purposes/1', equals: 'welfare' }]);
    expect(computeFee(procedure, { purposes: ['other', 'welfare'] }).amount).toBe(0);
    expect(computeFee(procedure, { purposes: ['welfare'] }).amount).toBe(300);
    const length = procedureWithFee({ kind: 'fixed', amount: 300 }, [{ ...welfarePurpose, pointer: '/purposes/length', equals: 2 }]);
    expect(computeFee(length, { purposes: ['a', 'b'] }).amount).toBe(300);
  });
});
