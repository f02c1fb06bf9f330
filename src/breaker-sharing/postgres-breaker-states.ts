import type { Sql } from 'postgres';
import type { SharedBreakerState } from '../runner/circuit-breaker.js';
import type { SharedBreakerStates } from './shared-breaker-states.js';

/** Breaker states in PostgreSQL (table `circuit_breakers`, the store's migration 3). */
export class PostgresBreakerStates implements SharedBreakerStates {
  /** `sql` is this object's own pool: close() ends it. */
  constructor(private readonly sql: Sql) {}

  async publish(system: string, state: SharedBreakerState): Promise<void> {
    await this.sql`
      INSERT INTO circuit_breakers (system, opened_at_ms, changed_at_ms) VALUES (${system}, ${state.openedAtMs}, ${state.changedAtMs})
      ON CONFLICT (system) DO UPDATE SET opened_at_ms = excluded.opened_at_ms, changed_at_ms = excluded.changed_at_ms
      WHERE circuit_breakers.changed_at_ms < excluded.changed_at_ms`;
  }

  async read(): Promise<Record<string, SharedBreakerState>> {
    const rows = await this.sql<{ system: string; opened_at_ms: number | null; changed_at_ms: number }[]>`
      SELECT system, opened_at_ms, changed_at_ms FROM circuit_breakers`;
    return Object.fromEntries(rows.map((row) => [row.system, { openedAtMs: row.opened_at_ms, changedAtMs: row.changed_at_ms }]));
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
