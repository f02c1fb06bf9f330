import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import type { AdapterDefinition } from '../../src/systems/adapter-definition.js';
import { createPaymentClient, type PaymentClient } from './client.js';

/** Options of one payment provider (`payment.providers.<name>` in configuration). */
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
 * The payment adapter definition: one client per configured provider. Throws a
 * `ZodError` for invalid options (configuration has been checked with the same
 * schema already; this guards callers that skip configuration, such as tools).
 */
export const paymentAdapter = {
  system: 'payment',
  optionsSchema: PaymentProviderOptionsSchema,
  create(options: PaymentProviderOptions, dependencies: { fetch?: typeof fetch; logger?: Logger } = {}): PaymentClient {
    const valid = PaymentProviderOptionsSchema.parse(options);
    return createPaymentClient({ ...valid, fetch: dependencies.fetch, logger: dependencies.logger });
  },
} satisfies AdapterDefinition<typeof PaymentProviderOptionsSchema, PaymentProviderOptions, PaymentClient>;
