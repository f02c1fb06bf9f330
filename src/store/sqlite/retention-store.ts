import type { RetentionStore } from '../parts/retention-store.js';
import { prepared } from './prepared.js';
import { purgeApplicationData } from './purge-application.js';
import { BUSY_TIMEOUT_MS, type SqliteContext } from './sqlite-context.js';

/** How long the checkpoint after a retention purge waits for other processes before it settles for a partial one. */
const CHECKPOINT_BUSY_TIMEOUT_MS = 200;

/** The retention purge in SQLite: `applications.terminal_at` and its partial index find them; `purge-application.ts` removes the data. */
export class SqliteRetentionStore implements RetentionStore {
  constructor(private readonly context: SqliteContext) {}

  async listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return prepared(
      this.context.db,
      `SELECT id FROM applications WHERE procedure_id = ? AND terminal_at IS NOT NULL AND terminal_at <= ? AND purged_at IS NULL
       ORDER BY terminal_at, id LIMIT ?`,
    )
      .pluck()
      .all(procedureId, terminalBefore, limit) as string[];
  }

  purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean> {
    return this.context.write((db) => purgeApplicationData(db, id, terminalBefore, now));
  }

  async compactAfterPurge(): Promise<void> {
    if (this.context.isClosed) return;
    const db = this.context.db;
    // Between group commits no transaction is open here. Another process busy on the file makes the checkpoint
    // partial rather than block this event loop for the whole busy timeout; the next purge run finishes it.
    db.pragma(`busy_timeout = ${CHECKPOINT_BUSY_TIMEOUT_MS}`);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }
}
