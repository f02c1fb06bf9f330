import type { Logger } from '../logger.js';
import type { RetentionMetrics } from '../metrics/retention-metrics.js';
import { runRetentionPurge, type RetentionPurgeOptions } from './retention-purge.js';

/** Options of {@link scheduleRetentionPurge}. */
export interface RetentionPurgeSchedule extends Omit<RetentionPurgeOptions, 'stopped'> {
  intervalMs: number;
  logger: Logger;
  metrics: RetentionMetrics;
}

/**
 * Runs the retention purge soon after the start and then every `intervalMs`
 * (daily by default), one run at a time. Each run logs one line with its
 * counts and feeds the metrics; a failed run is logged and tried again at the
 * next. Returns a stop function that resolves once a running pass has stopped.
 */
export function scheduleRetentionPurge(options: RetentionPurgeSchedule): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const run = () => {
    if (running || stopped) return;
    const startedAt = Date.now();
    running = runRetentionPurge({ ...options, stopped: () => stopped })
      .then(({ purged, procedures }) => {
        options.metrics.ran(purged);
        options.logger.info({ purged, procedures, durationMs: Date.now() - startedAt }, 'retention purge run');
      })
      .catch((error: unknown) => {
        options.metrics.failed();
        options.logger.warn({ err: error }, 'retention purge run failed; trying again at the next run');
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, 0);
  first.unref();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
