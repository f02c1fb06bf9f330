import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL CertificateStore (see ../parts/). Replace with `implements CertificateStore`. */
export class PostgresCertificateStore {
  constructor(readonly context: PostgresContext) {}
}
