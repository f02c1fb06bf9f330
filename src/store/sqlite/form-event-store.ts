import type { FormEventCount, FormEventRecord, FormEventStore } from '../form-event-store.js';
import { listFormEventCounts, purgeFormEventSessions, recordFormEvents } from './form-event-writes.js';
import type { SqliteContext } from './sqlite-context.js';

/** Form-event counts in SQLite (statements in `form-event-writes.ts`): one group-committed write per batch. */
export class SqliteFormEventStore implements FormEventStore {
  constructor(private readonly context: SqliteContext) {}

  recordFormEvents(events: readonly FormEventRecord[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.context.write((db) => recordFormEvents(db, events));
  }

  async listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
    return listFormEventCounts(this.context.db, procedureId, fromDay, toDay);
  }

  purgeFormEventSessions(startedBefore: string): Promise<number> {
    return this.context.write((db) => purgeFormEventSessions(db, startedBefore));
  }
}
