import type { Logger } from '../logger.js';
import { FORM_EVENT_SESSION_TTL_SECONDS, type FormEventStore } from '../store/form-event-store.js';

/**
 * Forgets form-event sessions older than FORM_EVENT_SESSION_TTL_SECONDS now
 * and then (their counts stay), so that per-session state does not pile up.
 * Returns a stop function.
 */
export function scheduleFormEventSessionPurge(options: { store: FormEventStore; clock: () => Date; intervalMs: number; logger: Logger }): () => void {
  const purge = async () => {
    try {
      const before = new Date(options.clock().getTime() - FORM_EVENT_SESSION_TTL_SECONDS * 1000).toISOString();
      const purged = await options.store.purgeFormEventSessions(before);
      if (purged > 0) options.logger.info({ purged }, 'old form-event sessions forgotten');
    } catch (error) {
      options.logger.warn({ err: error }, 'forgetting old form-event sessions failed; trying again later');
    }
  };
  const timer = setInterval(() => void purge(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
