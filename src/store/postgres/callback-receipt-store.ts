import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL CallbackReceiptStore (see ../parts/). Replace with `implements CallbackReceiptStore`. */
export class PostgresCallbackReceiptStore {
  constructor(readonly context: PostgresContext) {}
}
