import type { PaymentClient } from '../../adapters/payment/client.js';
import { refundTimelineEntry } from '../../adapters/payment/refund-timeline.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/**
 * When a paid application is rejected, asks its payment provider to refund the
 * fee and records the request in the timeline. The provider's idempotency key
 * is derived from the application, so a retried request never refunds twice.
 */
export function createRefunder(options: {
  store: Store;
  /** The gateway's payment clients by provider name (src/systems/create-systems.ts). */
  payments: Record<string, PaymentClient>;
  clock: () => Date;
  logger: Logger;
}): (applicationId: string) => Promise<void> {
  const clients = new Map(Object.entries(options.payments));
  return async (applicationId) => {
    const application = await options.store.getApplication(applicationId);
    const payment = application?.payment;
    const amount = payment?.['amount'];
    if (!application || !payment || typeof amount !== 'number' || amount <= 0) return;
    const client = clients.get(String(payment['provider']));
    if (!client) {
      options.logger.error({ applicationId, provider: payment['provider'] }, 'refund not possible: the payment provider is no longer configured');
      return;
    }
    await client.refund(String(payment['paymentId']), amount, 'Application rejected', `refund:${applicationId}`);
    await options.store.appendTimeline(applicationId, refundTimelineEntry({ status: application.status, at: options.clock(), amount }));
    options.logger.info({ applicationId, amount }, 'fee refund requested');
  };
}
