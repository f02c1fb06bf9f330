import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL OperationalStatisticsStore (see ../parts/). Replace with `implements OperationalStatisticsStore`. */
export class PostgresOperationalStatisticsStore {
  constructor(readonly context: PostgresContext) {}
}
