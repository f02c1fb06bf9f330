import type { RetentionStore } from '../parts/retention-store.js';
import type { PostgresContext } from './postgres-context.js';
import { purgeApplicationData } from './purge-application.js';

/** The tables a purge rewrites or deletes from, whose dead row versions still hold the removed values until vacuumed. */
const PURGED_TABLES = 'applications, timeline, reviews, jobs, dead_letter_requests, deliveries, pickups, pickup_locks, certificates, idempotency';

/** The retention purge in PostgreSQL: `applications.terminal_at` and its partial index find them; `purge-application.ts` removes the data. */
export class PostgresRetentionStore implements RetentionStore {
  constructor(private readonly context: PostgresContext) {}

  async listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const rows = await this.context.sql<{ id: string }[]>`
      SELECT id FROM applications
      WHERE procedure_id = ${procedureId} AND terminal_at IS NOT NULL AND terminal_at <= ${terminalBefore} AND purged_at IS NULL
      ORDER BY terminal_at, id LIMIT ${limit}`;
    return rows.map((row) => row.id);
  }

  purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean> {
    return this.context.transaction((tx) => purgeApplicationData(tx, id, terminalBefore, now));
  }

  /**
   * An UPDATE or DELETE leaves the old row version in the table until it is
   * vacuumed; this vacuums the purged tables now rather than whenever
   * autovacuum comes by, so the removed values stop being readable from
   * the table files and their space is reused. A table another process is
   * vacuuming is skipped (the next purge run takes it), as SQLite settles
   * for a partial checkpoint. The server's write-ahead log and its archive
   * are the server's, as Redis's append-only file is (see the store README).
   */
  async compactAfterPurge(): Promise<void> {
    if (this.context.isClosed) return;
    await this.context.sql.unsafe(`VACUUM (SKIP_LOCKED) ${PURGED_TABLES}`);
  }
}
