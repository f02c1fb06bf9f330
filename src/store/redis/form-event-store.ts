import { TIME_TO_SUBMIT_BOUNDS_SECONDS } from '../../form-events/time-to-submit.js';
import { FORM_EVENT_SESSION_TTL_SECONDS, type FormEventCount, type FormEventRecord, type FormEventStore } from '../form-event-store.js';
import { daysBetween, readFormEventCounts } from './form-event-counts.js';
import { recordFormEventsScript } from './form-event-scripts.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** Form-event counts in Redis: `form-session:` hashes that expire, `form-counts:<procedure>:<day>` hashes; one script per batch. */
export class RedisFormEventStore implements FormEventStore {
  constructor(private readonly context: RedisContext) {}

  async recordFormEvents(events: readonly FormEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    await this.context.run(recordFormEventsScript, [
      FORM_EVENT_SESSION_TTL_SECONDS,
      TIME_TO_SUBMIT_BOUNDS_SECONDS.length,
      ...TIME_TO_SUBMIT_BOUNDS_SECONDS,
      ...events.flatMap((event) => [event.procedureId, event.session, event.pointer, event.event, millis(event.at), event.day, event.code]),
    ]);
  }

  listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
    return readFormEventCounts(this.context.redis, (day) => this.context.keys.formEventCounts(procedureId, day), daysBetween(fromDay, toDay));
  }

  /** Sessions expire by themselves (their hash has a TTL): nothing to purge. */
  async purgeFormEventSessions(): Promise<number> {
    return 0;
  }
}
