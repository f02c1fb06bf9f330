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

/** 50 ms doubling per failure in a row, at most 1 s, with jitter so that processes do not reconnect in step. */
export function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);
}

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
    // Between attempts to reopen a connection. postgres.js waits up to 20 s by default, with the count of failures shared by
    // the pool, and a query waits for the next attempt: with the server stopped for 3 s, /readyz took 12.9 s to answer. At
    // most 1 s (jittered) keeps every answer during an outage, a 503 or the first success after it, about a second away.
    backoff: reconnectDelaySeconds,
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
