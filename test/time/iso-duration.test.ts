import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { addIsoDuration, isoDurationMs, latestStartEndedBy } from '../../src/time/iso-duration.js';

describe('isoDurationMs', () => {
  it('measures exact durations', () => {
    expect(isoDurationMs('PT48H')).toBe(48 * 3_600_000);
    expect(isoDurationMs('P2DT12H30M1.5S')).toBe(2.5 * 86_400_000 + 30 * 60_000 + 1500);
  });

  it('refuses years, months and weeks, whose length depends on the calendar', () => {
    for (const duration of ['P1Y', 'P1M', 'P2W', 'P0Y1D']) expect(() => isoDurationMs(duration)).toThrow(ConfigurationError);
  });
});

describe('addIsoDuration', () => {
  it('counts years on the calendar, across leap days', () => {
    expect(addIsoDuration(new Date('2026-03-01T09:00:00Z'), 'P5Y').toISOString()).toBe('2031-03-01T09:00:00.000Z');
    expect(addIsoDuration(new Date('2028-02-29T00:00:00Z'), 'P1Y').toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('ends a month added to the 31st on the last day of the shorter month', () => {
    expect(addIsoDuration(new Date('2027-01-31T12:00:00Z'), 'P1M').toISOString()).toBe('2027-02-28T12:00:00.000Z');
  });

  it('adds weeks, days and time after the calendar part', () => {
    expect(addIsoDuration(new Date('2026-12-31T23:00:00Z'), 'P1Y1W1DT2H').toISOString()).toBe('2028-01-09T01:00:00.000Z');
  });

  it('refuses what is not a duration', () => {
    for (const duration of ['P', 'PT', '5Y', 'P5']) expect(() => addIsoDuration(new Date(0), duration)).toThrow(ConfigurationError);
  });
});

describe('latestStartEndedBy', () => {
  it('is plain subtraction away from month ends', () => {
    expect(latestStartEndedBy(new Date('2031-04-03T05:00:00Z'), 'P5Y').toISOString()).toBe('2026-04-03T05:00:00.000Z');
    expect(latestStartEndedBy(new Date('2026-12-10T00:00:00Z'), 'P1W1DT2H').toISOString()).toBe('2026-12-01T22:00:00.000Z');
  });

  it('takes in every start a month end clamps onto the end day', () => {
    expect(latestStartEndedBy(new Date('2027-02-28T12:00:00Z'), 'P1M').toISOString()).toBe('2027-01-31T12:00:00.000Z');
    expect(latestStartEndedBy(new Date('2027-03-30T12:00:00Z'), 'P1M').toISOString()).toBe('2027-02-28T23:59:59.999Z');
    expect(latestStartEndedBy(new Date('2033-02-28T00:00:00Z'), 'P5Y').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('agrees with addIsoDuration for every start around month ends and leap days', () => {
    const durations = ['P5Y', 'P1Y', 'P1M', 'P3M', 'P1Y1M', 'P10D', 'P2W', 'P1Y2M3DT4H', 'P6M'];
    const ends: Date[] = [];
    for (let day = Date.UTC(2031, 0, 25); day < Date.UTC(2031, 3, 3); day += 86_400_000 / 4) ends.push(new Date(day));
    for (let day = Date.UTC(2032, 1, 26); day < Date.UTC(2032, 2, 3); day += 86_400_000 / 4) ends.push(new Date(day));
    for (const duration of durations) {
      for (const end of ends) {
        const latest = latestStartEndedBy(end, duration);
        expect(addIsoDuration(latest, duration).getTime(), `${duration} by ${end.toISOString()}`).toBeLessThanOrEqual(end.getTime());
        expect(addIsoDuration(new Date(latest.getTime() + 1), duration).getTime(), `${duration} by ${end.toISOString()}`).toBeGreaterThan(end.getTime());
      }
    }
  });
});
