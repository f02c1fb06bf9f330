import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL PickupStore (see ../parts/). Replace with `implements PickupStore`. */
export class PostgresPickupStore {
  constructor(readonly context: PostgresContext) {}
}
