import { mergeRecord } from '../merge-patch.js';
import type { ApplicationRecord, ApplicationStore, NewApplication, TimelineEntry } from '../parts/application-store.js';
import { applicationNotFound } from '../store-errors.js';
import { jsonOrNull, terminalAt, toApplication, toTimelineEntry, type ApplicationRow, type TimelineRow } from '../rows.js';
import { insertTimeline } from './application-writes.js';
import { intakeTransaction } from './intake-transaction.js';
import type { PostgresContext } from './postgres-context.js';

/** Applications and their timeline in PostgreSQL: tables `applications`, `timeline`, `claims`. */
export class PostgresApplicationStore implements ApplicationStore {
  constructor(private readonly context: PostgresContext) {}

  createApplication(input: NewApplication): Promise<void> {
    return this.context.transaction((tx) => intakeTransaction(tx, input));
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const [row] = await this.context.sql<ApplicationRow[]>`SELECT * FROM applications WHERE id = ${id}`;
    return row ? toApplication(row) : null;
  }

  async getTimeline(applicationId: string): Promise<TimelineEntry[]> {
    const rows = await this.context.sql<TimelineRow[]>`
      SELECT status, at, source, detail FROM timeline WHERE application_id = ${applicationId} ORDER BY seq`;
    return rows.map(toTimelineEntry);
  }

  /** The UPDATE locks the application row first, so concurrent appends to one application get their timeline seq in commit order. */
  appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void> {
    return this.context.transaction(async (tx) => {
      const updated = await tx`
        UPDATE applications SET status = ${entry.status}, updated_at = ${entry.at}, terminal_at = ${terminalAt(entry)} WHERE id = ${applicationId}`;
      if (updated.count === 0) throw applicationNotFound(applicationId);
      await insertTimeline(tx, applicationId, entry);
    });
  }

  /** Merges in TypeScript on the row read `FOR UPDATE`, so a concurrent merge waits and then merges into this one's result. */
  updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void> {
    return this.context.transaction(async (tx) => {
      const [row] = await tx<ApplicationRow[]>`SELECT * FROM applications WHERE id = ${id} FOR UPDATE`;
      if (!row) throw applicationNotFound(id);
      const current = toApplication(row);
      const merged = (field: 'identity' | 'payment' | 'issuance') => {
        const value = patch[field];
        if (value === undefined) return current[field];
        return value === null ? null : mergeRecord(current[field], value);
      };
      await tx`
        UPDATE applications SET identity = ${jsonOrNull(merged('identity'))}, payment = ${jsonOrNull(merged('payment'))},
          issuance = ${jsonOrNull(merged('issuance'))}, updated_at = ${now}
        WHERE id = ${id}`;
    });
  }
}
