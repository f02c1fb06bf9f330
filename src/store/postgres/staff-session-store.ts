import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL StaffSessionStore (see ../parts/). Replace with `implements StaffSessionStore`. */
export class PostgresStaffSessionStore {
  constructor(readonly context: PostgresContext) {}
}
