import type { Logger } from '../logger.js';
import type { Attachments } from './attachments.js';

/** Uploads removed per pass; a pass repeats while it fills its batch. */
const BATCH = 500;

/**
 * Removes uploads no application referenced within their 24 hours, hourly,
 * in a process that runs the background work. Returns a stop function.
 */
export function scheduleUnreferencedAttachmentPurge(options: { attachments: Attachments; intervalMs: number; logger: Logger }): () => void {
  let running = false;
  const purge = async () => {
    if (running) return;
    running = true;
    try {
      let total = 0;
      for (let purged = BATCH; purged === BATCH; total += purged) purged = await options.attachments.purgeUnreferenced(BATCH);
      if (total > 0) options.logger.info({ purged: total }, 'unreferenced uploads purged');
    } catch (error) {
      options.logger.warn({ err: error }, 'purging unreferenced uploads failed; trying again later');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void purge(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
