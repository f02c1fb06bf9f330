import type { StoreLifecycle } from '../parts/store-lifecycle.js';
import type { PostgresContext } from './postgres-context.js';

/** Readiness and closing of the PostgreSQL store: table `store_probe` takes the probe write. */
export class PostgresLifecycle implements StoreLifecycle {
  constructor(private readonly context: PostgresContext) {}

  async ping(): Promise<boolean> {
    if (this.context.isClosed) return false;
    try {
      await this.context.sql`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }

  probeWrite(now: string): Promise<void> {
    return this.context.transaction(async (tx) => {
      await tx`INSERT INTO store_probe (id, written_at) VALUES (1, ${now}) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at`;
    });
  }

  /** Waits for running queries, then closes the pool. Later calls reject. */
  close(): Promise<void> {
    return this.context.close();
  }
}
