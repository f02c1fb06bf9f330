import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL IdempotencyStore (see ../parts/). Replace with `implements IdempotencyStore`. */
export class PostgresIdempotencyStore {
  constructor(readonly context: PostgresContext) {}
}
