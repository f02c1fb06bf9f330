import { formatYen } from '../../src/intake/fee.js';
import type { ApplicationStatus, TimelineEntry } from '../../src/store/types.js';

/**
 * The timeline entry that records a refund request, e.g.
 * `{ status: 'rejected', at, source: 'payment', detail: 'Refund of ¥300 requested' }`.
 *
 * For the route runner: when an application that was paid for is rejected,
 * call `PaymentClient.refund(paymentId, amount, reason, 'refund:' + applicationId)`
 * with the provider and payment id kept in the application's `payment` record,
 * then append this entry. `status` is the application's status at that moment
 * (it does not change the status). The detail holds only the amount, which is
 * not personal data.
 */
export function refundTimelineEntry(input: { status: ApplicationStatus; at: Date; amount: number }): TimelineEntry {
  return { status: input.status, at: input.at.toISOString(), source: 'payment', detail: `Refund of ${formatYen(input.amount)} requested` };
}
