import { describe, expect, it } from 'vitest';
import { retentionEndsAt } from '../../src/retention/retention-end.js';
import type { TimelineEntry } from '../../src/store/types.js';

const entry = (status: TimelineEntry['status'], at: string): TimelineEntry => ({ status, at, source: 'runner', detail: '' });

describe('retentionEndsAt', () => {
  it('counts the period from the entry that made the application terminal', () => {
    const timeline = [entry('received', '2026-04-01T00:00:00Z'), entry('in-progress', '2026-04-01T00:01:00Z'), entry('completed', '2026-04-03T05:00:00Z')];
    expect(retentionEndsAt('completed', timeline, 'P5Y')?.toISOString()).toBe('2031-04-03T05:00:00.000Z');
  });

  it('starts again from pickup when an issued certificate goes on to the convenience store', () => {
    const timeline = [entry('issued', '2026-04-01T00:00:00Z'), entry('awaiting-pickup', '2026-04-01T00:00:01Z'), entry('picked-up', '2026-05-01T00:00:00Z')];
    expect(retentionEndsAt('picked-up', timeline, 'P1Y')?.toISOString()).toBe('2027-05-01T00:00:00.000Z');
  });

  it('never ends for an application that is still open', () => {
    for (const status of ['received', 'verified', 'in-progress', 'awaiting-reply', 'awaiting-pickup'] as const) {
      expect(retentionEndsAt(status, [entry(status, '2000-01-01T00:00:00Z')], 'P1D')).toBeNull();
    }
  });
});
