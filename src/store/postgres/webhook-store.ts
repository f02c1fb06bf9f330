import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL WebhookStore (see ../parts/). Replace with `implements WebhookStore`. */
export class PostgresWebhookStore {
  constructor(readonly context: PostgresContext) {}
}
