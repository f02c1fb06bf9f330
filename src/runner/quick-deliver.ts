import pRetry, { AbortError } from 'p-retry';
import { UpstreamError } from '../errors.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from './adapter.js';
import type { RetryPolicy } from './retry-policy.js';

/**
 * One persisted attempt at delivering a message: the adapter call plus a few
 * quick retries for retryable upstream failures (a dropped connection often
 * passes a moment later). Anything not retryable ends the attempt at once.
 * The message id stays the same on every try, so the system drops duplicates.
 */
export function quickDeliver(
  adapter: CoreSystemAdapter,
  message: OutboundMessage,
  context: AdapterContext,
  policy: Pick<RetryPolicy, 'quickRetries' | 'quickDelayMs'>,
): Promise<DeliveryOutcome> {
  return pRetry(
    async () => {
      try {
        return await adapter.deliver(message, context);
      } catch (error) {
        if (error instanceof UpstreamError && error.retryable && !context.signal.aborted) throw error;
        throw new AbortError(error instanceof Error ? error : new Error(String(error)));
      }
    },
    { retries: policy.quickRetries, minTimeout: policy.quickDelayMs, factor: 2, signal: context.signal, unref: true },
  );
}
