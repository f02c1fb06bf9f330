import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL JobStore (see ../parts/). Replace with `implements JobStore`. */
export class PostgresJobStore {
  constructor(readonly context: PostgresContext) {}
}
