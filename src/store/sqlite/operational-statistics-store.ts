import type { ApplicationStatusCount, CompletionTime, DeliveryStateCount, InstantRange, OperationalStatisticsStore } from '../parts/operational-statistics-store.js';
import { countApplicationsByStatus, countDeliveriesByState, listCompletionTimes } from './operational-statistics.js';
import type { SqliteContext } from './sqlite-context.js';

/** Operational statistics in SQLite (queries in `operational-statistics.ts`): synchronous grouped reads on the connection. */
export class SqliteOperationalStatisticsStore implements OperationalStatisticsStore {
  constructor(private readonly context: SqliteContext) {}

  async countApplicationsByStatus(range: InstantRange): Promise<ApplicationStatusCount[]> {
    return countApplicationsByStatus(this.context.db, range);
  }

  async listCompletionTimes(range: InstantRange): Promise<CompletionTime[]> {
    return listCompletionTimes(this.context.db, range);
  }

  async countDeliveriesByState(range: InstantRange): Promise<DeliveryStateCount[]> {
    return countDeliveriesByState(this.context.db, range);
  }
}
