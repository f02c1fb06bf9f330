import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL AuditStore (see ../parts/). Replace with `implements AuditStore`. */
export class PostgresAuditStore {
  constructor(readonly context: PostgresContext) {}
}
