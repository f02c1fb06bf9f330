import type { ApplicationStatusCount, CompletionTime, DeliveryStateCount, InstantRange, OperationalStatisticsStore } from '../parts/operational-statistics-store.js';
import { countApplicationsByStatus, countDeliveriesByState, listCompletionTimes } from './operational-statistics.js';
import type { RedisContext } from './redis-context.js';

/** Operational statistics in Redis (scans in `operational-statistics.ts`): no counters, one pass over the records per question. */
export class RedisOperationalStatisticsStore implements OperationalStatisticsStore {
  constructor(private readonly context: RedisContext) {}

  countApplicationsByStatus(range: InstantRange): Promise<ApplicationStatusCount[]> {
    return countApplicationsByStatus(this.context.redis, this.context.prefix, range);
  }

  listCompletionTimes(range: InstantRange): Promise<CompletionTime[]> {
    return listCompletionTimes(this.context.redis, this.context.prefix, range);
  }

  countDeliveriesByState(range: InstantRange): Promise<DeliveryStateCount[]> {
    return countDeliveriesByState(this.context.redis, this.context.prefix, range);
  }
}
