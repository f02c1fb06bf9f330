import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL ReviewStore (see ../parts/). Replace with `implements ReviewStore`. */
export class PostgresReviewStore {
  constructor(readonly context: PostgresContext) {}
}
