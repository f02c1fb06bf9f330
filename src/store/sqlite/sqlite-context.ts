import type Database from 'better-sqlite3';
import type { Logger } from '../../logger.js';
import { GroupCommit, type WriteOperation } from './group-commit.js';

/** How long a connection waits for another process's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * What every SQLite part shares: the one connection and its group commit.
 * Reads query `db` directly (synchronous, committed data only); writes go
 * through `write`, so writes of every part submitted in one event-loop turn
 * share one transaction and one fsync. A write that spans parts (intake,
 * see `intake-transaction.ts`) is one `write` calling each part's statements.
 */
export class SqliteContext {
  private readonly writes: GroupCommit;
  private closed = false;

  constructor(
    readonly db: Database.Database,
    logger?: Logger,
  ) {
    this.writes = new GroupCommit(db, logger);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `operation` in the next group commit, in its own savepoint; rejects once the store is closed. */
  write<T>(operation: WriteOperation<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.writes.submit(operation);
  }

  /** Commits every write already submitted, then closes the file. Later writes reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drain();
    this.db.close();
  }
}
