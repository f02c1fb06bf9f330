import type { FormEventCount, FormEventRecord, FormEventStore } from '../form-event-store.js';
import { listFormEventCounts, purgeFormEventSessions, recordFormEvents } from './form-event-writes.js';
import type { PostgresContext } from './postgres-context.js';

/** Form-event counts in PostgreSQL (statements in `form-event-writes.ts`): one transaction of a few set-based statements per batch. */
export class PostgresFormEventStore implements FormEventStore {
  constructor(private readonly context: PostgresContext) {}

  recordFormEvents(events: readonly FormEventRecord[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.context.transaction((tx) => recordFormEvents(tx, events));
  }

  listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
    return listFormEventCounts(this.context.sql, procedureId, fromDay, toDay);
  }

  purgeFormEventSessions(startedBefore: string): Promise<number> {
    return this.context.transaction((tx) => purgeFormEventSessions(tx, startedBefore));
  }
}
