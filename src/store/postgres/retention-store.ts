import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL RetentionStore (see ../parts/). Replace with `implements RetentionStore`. */
export class PostgresRetentionStore {
  constructor(readonly context: PostgresContext) {}
}
