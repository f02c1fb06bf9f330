import { describe, expect, it } from 'vitest';
import { refundTimelineEntry } from '../../../adapters/payment/refund-timeline.js';

describe('refundTimelineEntry', () => {
  it('records the refunded amount in yen, from the payment source, at the given time', () => {
    expect(refundTimelineEntry({ status: 'rejected', at: new Date('2025-04-02T01:00:00Z'), amount: 300 })).toEqual({
      status: 'rejected',
      at: '2025-04-02T01:00:00.000Z',
      source: 'payment',
      detail: 'Refund of ¥300 requested',
    });
  });

  it('groups thousands', () => {
    expect(refundTimelineEntry({ status: 'rejected', at: new Date(0), amount: 12_000 }).detail).toBe('Refund of ¥12,000 requested');
  });
});
