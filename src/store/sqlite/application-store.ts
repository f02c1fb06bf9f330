import { mergeRecord } from '../merge-patch.js';
import type { ApplicationRecord, ApplicationStore, NewApplication, TimelineEntry } from '../parts/application-store.js';
import { applicationNotFound } from '../store-errors.js';
import { jsonOrNull, terminalAt } from '../rows.js';
import { insertTimeline } from './application-writes.js';
import { intakeTransaction } from './intake-transaction.js';
import { prepared } from './prepared.js';
import { toApplication, toTimelineEntry, type ApplicationRow, type TimelineRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Applications and their timeline in SQLite: tables `applications`, `timeline`, `claims`. */
export class SqliteApplicationStore implements ApplicationStore {
  constructor(private readonly context: SqliteContext) {}

  createApplication(input: NewApplication): Promise<void> {
    return this.context.write((db) => intakeTransaction(db, input));
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
    return row ? toApplication(row) : null;
  }

  async getTimeline(applicationId: string): Promise<TimelineEntry[]> {
    const rows = prepared(this.context.db, 'SELECT status, at, source, detail FROM timeline WHERE application_id = ? ORDER BY seq')
      .all(applicationId) as TimelineRow[];
    return rows.map(toTimelineEntry);
  }

  appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void> {
    return this.context.write((db) => {
      const updated = prepared(db, 'UPDATE applications SET status = ?, updated_at = ?, terminal_at = ? WHERE id = ?').run(
        entry.status,
        entry.at,
        terminalAt(entry),
        applicationId,
      );
      if (updated.changes === 0) throw applicationNotFound(applicationId);
      insertTimeline(db, applicationId, entry);
    });
  }

  updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void> {
    return this.context.write((db) => {
      const row = prepared(db, 'SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
      if (!row) throw applicationNotFound(id);
      const current = toApplication(row);
      const merged = (field: 'identity' | 'payment' | 'issuance') => {
        const value = patch[field];
        if (value === undefined) return current[field];
        return value === null ? null : mergeRecord(current[field], value);
      };
      prepared(db, 'UPDATE applications SET identity = ?, payment = ?, issuance = ?, updated_at = ? WHERE id = ?').run(
        jsonOrNull(merged('identity')),
        jsonOrNull(merged('payment')),
        jsonOrNull(merged('issuance')),
        now,
        id,
      );
    });
  }
}
