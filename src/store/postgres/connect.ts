import postgres, { type Sql } from 'postgres';

/** Connection settings of {@link connectPostgres}. */
export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database`; the password is never logged (see {@link describePostgresUrl}). */
  url: string;
  /** Schema the store's tables live in (`search_path`); `public` when unset. */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** int8 values (counts, sequence numbers) as JavaScript numbers: every one the store keeps is far below 2^53. */
const INT8_AS_NUMBER = { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) };

/**
 * A pool of connections to PostgreSQL. Connections open lazily and reopen
 * after the server restarts; a query issued while the server is away fails
 * with a connection error, which the store reports as `StorageUnavailableError`.
 */
export function connectPostgres(options: PostgresConnectionOptions): Sql {
  return postgres(options.url, {
    max: options.max ?? 10,
    idle_timeout: 60,
    connect_timeout: 5,
    onnotice: () => {},
    // postgres.js reads the server's array types on every new connection, in a query whose failure nothing catches: a
    // connection ended while it runs (a server restart, pg_terminate_backend) crashed the process with an unhandled
    // rejection. The store passes lists as JSON (jsonb_to_recordset) or IN lists instead, so it needs no array types.
    fetch_types: false,
    types: { int8: INT8_AS_NUMBER },
    connection: { application_name: 'kakehashi', ...(options.schema ? { search_path: options.schema } : {}) },
  });
}

/** The connection string with its password replaced, for logs and errors. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable connection string)';
  }
}
