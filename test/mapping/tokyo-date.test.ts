import { describe, expect, it } from 'vitest';
import { tokyoDateOf } from '../../src/mapping/tokyo-date.js';

describe('tokyoDateOf', () => {
  it('gives the day in Asia/Tokyo, which starts at 15:00 UTC', () => {
    expect(tokyoDateOf('2026-05-31T14:59:59.999Z')).toBe('2026-05-31');
    expect(tokyoDateOf('2026-05-31T15:00:00.000Z')).toBe('2026-06-01');
    expect(tokyoDateOf('2025-12-31T15:00:00Z')).toBe('2026-01-01');
    expect(tokyoDateOf('2028-02-28T15:00:00Z')).toBe('2028-02-29');
  });

  it('reads instants written with any offset', () => {
    expect(tokyoDateOf('2026-12-01T00:30:00+09:00')).toBe('2026-12-01');
    expect(tokyoDateOf('2026-11-30T23:30:00-05:00')).toBe('2026-12-01');
  });

  it('refuses what is not an instant', () => {
    for (const value of ['', 'yesterday', '2026-13-01T00:00:00Z', 'x'.repeat(100_000)]) expect(() => tokyoDateOf(value)).toThrow(RangeError);
  });
});
