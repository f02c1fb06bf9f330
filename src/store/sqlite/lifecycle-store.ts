import type { StoreLifecycle } from '../parts/store-lifecycle.js';
import { prepared } from './prepared.js';
import type { SqliteContext } from './sqlite-context.js';

/** Readiness and closing of the SQLite store: table `store_probe` takes the probe write. */
export class SqliteLifecycle implements StoreLifecycle {
  constructor(private readonly context: SqliteContext) {}

  async ping(): Promise<boolean> {
    if (this.context.isClosed) return false;
    try {
      this.context.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  probeWrite(now: string): Promise<void> {
    return this.context.write((db) => {
      prepared(db, 'INSERT INTO store_probe (id, written_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at').run(now);
    });
  }

  /** Commits every write already submitted, then closes the file. Later calls reject. */
  close(): Promise<void> {
    return this.context.close();
  }
}
