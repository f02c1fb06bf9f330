import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/**
 * Deletes expired idempotency records now and then, so that keys kept for
 * replay (24 hours by default) do not pile up. Returns a stop function.
 */
export function scheduleIdempotencyPurge(options: { store: Store; clock: () => Date; intervalMs: number; logger: Logger }): () => void {
  const purge = async () => {
    try {
      const purged = await options.store.purgeExpiredIdempotency(options.clock().toISOString());
      if (purged > 0) options.logger.info({ purged }, 'expired idempotency keys purged');
    } catch (error) {
      options.logger.warn({ err: error }, 'purging expired idempotency keys failed; trying again later');
    }
  };
  const timer = setInterval(() => void purge(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
