import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL FormEventStore (see ../parts/). Replace with `implements FormEventStore`. */
export class PostgresFormEventStore {
  constructor(readonly context: PostgresContext) {}
}
