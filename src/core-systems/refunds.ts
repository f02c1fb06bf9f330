import { createPaymentClient, refundTimelineEntry, type PaymentClient } from '../../adapters/payment/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/**
 * When a paid application is rejected, asks its payment provider to refund the
 * fee and records the request in the timeline. The provider's idempotency key
 * is derived from the application, so a retried request never refunds twice.
 */
export function createRefunder(options: {
  store: Store;
  providers: Config['payment']['providers'];
  clock: () => Date;
  logger: Logger;
}): (applicationId: string) => Promise<void> {
  const clients = new Map<string, PaymentClient>(
    Object.entries(options.providers).map(([name, provider]) => [name, createPaymentClient({ ...provider, logger: options.logger })]),
  );
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
