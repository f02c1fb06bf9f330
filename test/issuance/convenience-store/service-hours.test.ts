import { describe, expect, it } from 'vitest';
import { formatTokyoEn, formatTokyoJa, isOpen, nextOpening, pickupDeadline } from '../../../src/issuance/convenience-store/service-hours.js';

/** An instant given in Tokyo time. */
function tokyo(local: string): Date {
  return new Date(`${local}+09:00`);
}

describe('service hours (06:30–23:00 Tokyo, closed 12/29–1/3)', () => {
  it('opens at 06:30 exactly and not a minute before', () => {
    expect(isOpen(tokyo('2026-04-01T06:29:59.999'))).toBe(false);
    expect(isOpen(tokyo('2026-04-01T06:30:00'))).toBe(true);
    expect(nextOpening(tokyo('2026-04-01T06:29:00'))).toEqual(tokyo('2026-04-01T06:30:00'));
  });

  it('is closed at 23:00 exactly, and the next opening is 06:30 the next morning', () => {
    expect(isOpen(tokyo('2026-04-01T22:59:59.999'))).toBe(true);
    expect(isOpen(tokyo('2026-04-01T23:00:00'))).toBe(false);
    expect(nextOpening(tokyo('2026-04-01T23:00:00'))).toEqual(tokyo('2026-04-02T06:30:00'));
  });

  it('answers now itself while open', () => {
    const now = tokyo('2026-04-01T12:00:00');
    expect(nextOpening(now)).toEqual(now);
  });

  it('skips the whole year-end closure: 12/28 23:30 opens on 1/4 06:30', () => {
    expect(nextOpening(tokyo('2026-12-28T23:30:00'))).toEqual(tokyo('2027-01-04T06:30:00'));
    for (const day of ['2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03']) {
      expect(isOpen(tokyo(`${day}T12:00:00`))).toBe(false);
      expect(nextOpening(tokyo(`${day}T12:00:00`))).toEqual(tokyo('2027-01-04T06:30:00'));
    }
    expect(isOpen(tokyo('2026-12-28T22:59:00'))).toBe(true);
    expect(isOpen(tokyo('2027-01-04T06:30:00'))).toBe(true);
  });

  it('walks over 29 February in a leap year and not in another', () => {
    expect(nextOpening(tokyo('2028-02-28T23:10:00'))).toEqual(tokyo('2028-02-29T06:30:00'));
    expect(isOpen(tokyo('2028-02-29T10:00:00'))).toBe(true);
    expect(nextOpening(tokyo('2027-02-28T23:10:00'))).toEqual(tokyo('2027-03-01T06:30:00'));
  });

  it('uses the Tokyo date, not the UTC date, of an instant', () => {
    // 2026-12-28T15:30Z is already 12/29 00:30 in Tokyo: closed, although the UTC date is 12/28.
    const instant = new Date('2026-12-28T15:30:00Z');
    expect(isOpen(instant)).toBe(false);
    expect(nextOpening(instant)).toEqual(tokyo('2027-01-04T06:30:00'));
    // 2027-01-03T21:45Z is 1/4 06:45 in Tokyo: open, although the UTC date is 1/3.
    expect(isOpen(new Date('2027-01-03T21:45:00Z'))).toBe(true);
    // 2026-04-01T21:00Z is 4/2 06:00 in Tokyo: the next opening is the same Tokyo morning.
    expect(nextOpening(new Date('2026-04-01T21:00:00Z'))).toEqual(tokyo('2026-04-02T06:30:00'));
  });

  it('never answers an opening in the past or inside the closure, for every quarter hour of a year', () => {
    const start = tokyo('2026-01-01T00:00:00').getTime();
    const wrong: string[] = [];
    for (let t = start; t < start + 366 * 24 * 3600_000; t += 15 * 60_000) {
      const opening = nextOpening(new Date(t));
      if (opening.getTime() < t || !isOpen(opening)) wrong.push(new Date(t).toISOString());
    }
    expect(wrong).toEqual([]);
  });
});

describe('pickup deadline', () => {
  it('ends at closing time on the last day', () => {
    expect(pickupDeadline(tokyo('2026-04-01T10:00:00'), 7)).toEqual(tokyo('2026-04-08T23:00:00'));
    // 01:00 Tokyo on 4/2 is 4/1 in UTC: days count from the Tokyo date.
    expect(pickupDeadline(new Date('2026-04-01T16:00:00Z'), 1)).toEqual(tokyo('2026-04-03T23:00:00'));
  });

  it('moves a last day inside the closure to 1/4', () => {
    expect(pickupDeadline(tokyo('2026-12-25T10:00:00'), 7)).toEqual(tokyo('2027-01-04T23:00:00'));
  });

  it('formats Tokyo times for residents in Japanese and English', () => {
    expect(formatTokyoJa(new Date('2026-04-08T14:00:00Z'))).toBe('2026年4月8日 23:00');
    expect(formatTokyoEn(new Date('2026-04-08T14:00:00Z'))).toBe('2026-04-08 23:00 JST');
  });
});
