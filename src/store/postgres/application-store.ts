import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL ApplicationStore (see ../parts/). Replace with `implements ApplicationStore`. */
export class PostgresApplicationStore {
  constructor(readonly context: PostgresContext) {}
}
