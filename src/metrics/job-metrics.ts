import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/**
 * Registers `kakehashi_jobs{state}`, counted by the store at each scrape (an
 * index search per state; done jobs are never read). While the store does not
 * answer, the gauge has no samples and a warning is logged.
 */
export function registerJobGauge(registry: Registry, store: Pick<Store, 'countJobs'>, logger: Logger): void {
  new Gauge({
    name: 'kakehashi_jobs',
    help: 'Route jobs by state (ready, leased, waiting, dead), done ones aside; state="dead" are the dead letters',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await store.countJobs();
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      } catch (error) {
        this.reset();
        logger.warn({ err: error }, 'job counts left out of the metrics: the store did not answer');
      }
    },
  });
}
