import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL DeliveryStore (see ../parts/). Replace with `implements DeliveryStore`. */
export class PostgresDeliveryStore {
  constructor(readonly context: PostgresContext) {}
}
