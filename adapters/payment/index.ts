import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import { createPaymentClient, type PaymentClient } from './client.js';

export { createPaymentClient } from './client.js';
export type { PaymentClient, PaymentClientOptions, PaymentLookup, ProviderPayment, ProviderRefund } from './client.js';
export { PaymentProviderError, PAYMENT_SYSTEM } from './errors.js';
export { refundTimelineEntry } from './refund-timeline.js';

/** Options of one configured payment provider, validated at boot. */
export const PaymentProviderOptionsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    /** Limit for one attempt. */
    timeoutMs: z.int().min(50).max(60_000).default(3_000),
    /** Immediate retries for network errors, timeouts and 5xx. */
    retries: z.int().min(0).max(5).default(2),
  })
  .strict();
export type PaymentProviderOptions = z.input<typeof PaymentProviderOptionsSchema>;

/**
 * The payment adapter definition: how configuration names a provider
 * (`payment.providers.<name>`: {@link PaymentProviderOptionsSchema}) and how a
 * client is made from it. Throws a `ZodError` for invalid options; the config
 * loader reports it with the file and path.
 */
export const paymentAdapter = {
  system: 'payment',
  optionsSchema: PaymentProviderOptionsSchema,
  create(options: PaymentProviderOptions, dependencies: { fetch?: typeof fetch; logger?: Logger } = {}): PaymentClient {
    const valid = PaymentProviderOptionsSchema.parse(options);
    return createPaymentClient({ ...valid, ...dependencies });
  },
} as const;
