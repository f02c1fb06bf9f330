import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL DeadLetterStore (see ../parts/). Replace with `implements DeadLetterStore`. */
export class PostgresDeadLetterStore {
  constructor(readonly context: PostgresContext) {}
}
