import type Database from 'better-sqlite3';
import type { Logger } from '../../logger.js';
import { classifyStorageFailure } from '../storage-failure.js';

/** A write that runs inside the shared transaction; its return value resolves the caller's promise. */
export type WriteOperation<T> = (db: Database.Database) => T;

interface QueuedWrite {
  operation: WriteOperation<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: writes queued during one turn of the event loop are flushed
 * together on the next `setImmediate` in ONE transaction, so N concurrent
 * submissions cost one fsync instead of N.
 *
 * - Each operation runs inside its own SAVEPOINT: an operation that throws
 *   rolls back only its own changes, and the others in the batch still commit.
 * - Every caller's promise settles only after the COMMIT returned (for a
 *   failed operation too, so a caller never acts before the batch is decided).
 * - If the COMMIT itself fails, the whole batch is rolled back and every
 *   caller whose operation had succeeded is rejected with that failure: one
 *   `StorageUnavailableError` instance for a storage failure (full disk,
 *   read-only file, I/O error, lock held past the busy timeout), which is
 *   not logged here, or the error itself, logged once for the batch.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;
  private idle: Array<() => void> = [];
  /** Prepared once: `exec` would parse these statements again for every write. */
  private readonly control: Record<'begin' | 'commit' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    private readonly logger?: Logger,
  ) {
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT write'),
      release: db.prepare('RELEASE write'),
      rollbackTo: db.prepare('ROLLBACK TO write'),
    };
  }

  /** Queues a write for the next group commit. */
  submit<T>(operation: WriteOperation<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ operation, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every write submitted so far has been committed (or rejected). */
  drain(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const outcomes = this.runBatch(batch);
    batch.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) write.resolve(outcome.value);
      else write.reject(outcome?.error);
    });
    if (!this.scheduled) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  private runBatch(batch: QueuedWrite[]): Outcome[] {
    const outcomes: Outcome[] = [];
    try {
      this.control.begin.run();
      for (const write of batch) outcomes.push(this.runInSavepoint(write));
      this.control.commit.run();
      return outcomes;
    } catch (error) {
      // A storage failure is reported once per incident by the store's health, not once per batch.
      const failure = classifyStorageFailure(error);
      if (!failure) this.logger?.error({ err: error, writes: batch.length }, 'store group commit failed; batch rolled back');
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      return batch.map((_, index) => {
        const outcome = outcomes[index];
        return outcome && !outcome.ok ? outcome : { ok: false, error: failure ?? error };
      });
    }
  }

  private runInSavepoint(write: QueuedWrite): Outcome {
    this.control.savepoint.run();
    try {
      const value = write.operation(this.db);
      this.control.release.run();
      return { ok: true, value };
    } catch (error) {
      // SQLite rolls the whole transaction back on some failures (a full disk, an I/O error):
      // the batch fails with that error, not with the missing savepoint's.
      if (!this.db.inTransaction) throw error;
      // Errors from ROLLBACK TO itself (the connection lost its transaction) escape to fail the batch.
      this.control.rollbackTo.run();
      this.control.release.run();
      return { ok: false, error };
    }
  }
}
