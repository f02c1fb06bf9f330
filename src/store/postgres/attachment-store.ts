import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL AttachmentStore (see ../parts/). Replace with `implements AttachmentStore`. */
export class PostgresAttachmentStore {
  constructor(readonly context: PostgresContext) {}
}
