import type { Sql, TransactionSql } from 'postgres';
import type { Logger } from '../../logger.js';

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const ATTEMPTS = 5;

/** A query function usable both outside and inside a transaction. */
export type Query = Sql | TransactionSql;

/**
 * What every PostgreSQL part shares: the connection pool and the unit of
 * work a write runs in. Reads use `sql` directly (READ COMMITTED, committed
 * data only). Every write is one `transaction`, committed (and, with the
 * server's default `synchronous_commit = on`, flushed to its WAL) before the
 * promise resolves. A read-modify-write locks the rows it reads
 * (`SELECT … FOR UPDATE`) or writes by compare-and-set, so two processes
 * never both act on one read.
 */
export class PostgresContext {
  private closed = false;

  constructor(
    readonly sql: Sql,
    readonly logger?: Logger,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `operation` in one transaction, again (up to 5 times) after a serialization failure or a deadlock; rejects once closed. */
  async transaction<T>(operation: (tx: TransactionSql) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('store is closed');
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.sql.begin(operation)) as T;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  /** Waits for running queries, then closes every connection. Later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sql.end({ timeout: 5 });
  }
}
