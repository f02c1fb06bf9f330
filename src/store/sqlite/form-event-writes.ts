/**
 * The SQLite side of the form-event store part (`../form-event-store.ts`):
 * each event is a few indexed statements inside the batch's transaction.
 */
import type Database from 'better-sqlite3';
import { timeToSubmitBucket } from '../../form-events/time-to-submit.js';
import type { FormEventCount, FormEventMetric, FormEventRecord } from '../form-event-store.js';
import { prepared } from './prepared.js';

interface SessionRow {
  day: string;
  started_at: string;
  left_at: string | null;
  submitted: number;
}

function bump(db: Database.Database, procedureId: string, day: string, metric: FormEventMetric, pointer: string, code: string, by: number): void {
  prepared(
    db,
    `INSERT INTO form_event_counts (procedure_id, day, metric, pointer, code, count) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (procedure_id, day, metric, pointer, code) DO UPDATE SET count = count + excluded.count`,
  ).run(procedureId, day, metric, pointer, code, by);
}

/** true the first time the session gets this mark. */
function firstMark(db: Database.Database, event: FormEventRecord, mark: string): boolean {
  return prepared(db, 'INSERT OR IGNORE INTO form_event_marks (procedure_id, session, mark) VALUES (?, ?, ?)').run(event.procedureId, event.session, mark).changes === 1;
}

/** The sessions a batch touched, read once per batch: a batch mostly holds a few sessions' many events. */
type SessionCache = Map<string, SessionRow>;

function sessionOf(db: Database.Database, event: FormEventRecord, cache: SessionCache): SessionRow {
  const cacheKey = `${event.procedureId}:${event.session}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let session = prepared(db, 'SELECT day, started_at, left_at, submitted FROM form_event_sessions WHERE procedure_id = ? AND session = ?').get(
    event.procedureId,
    event.session,
  ) as SessionRow | undefined;
  if (!session) {
    prepared(db, 'INSERT INTO form_event_sessions (procedure_id, session, day, started_at) VALUES (?, ?, ?, ?)').run(event.procedureId, event.session, event.day, event.at);
    bump(db, event.procedureId, event.day, 'started', '', '', 1);
    session = { day: event.day, started_at: event.at, left_at: null, submitted: 0 };
  }
  cache.set(cacheKey, session);
  return session;
}

function recordOne(db: Database.Database, event: FormEventRecord, cache: SessionCache): void {
  const session = sessionOf(db, event, cache);
  if (session.submitted) return;
  const { procedureId, pointer } = event;
  switch (event.event) {
    case 'view':
    case 'focus':
      if (pointer !== '' && firstMark(db, event, `reached ${pointer}`)) bump(db, procedureId, session.day, 'reached', pointer, '', 1);
      return;
    case 'error':
      if (firstMark(db, event, `errored ${pointer} ${event.code}`)) bump(db, procedureId, session.day, 'errored', pointer, event.code, 1);
      return;
    case 'leave':
      if (session.left_at === pointer) return;
      if (session.left_at !== null) bump(db, procedureId, session.day, 'left', session.left_at, '', -1);
      bump(db, procedureId, session.day, 'left', pointer, '', 1);
      prepared(db, 'UPDATE form_event_sessions SET left_at = ? WHERE procedure_id = ? AND session = ?').run(pointer, procedureId, event.session);
      session.left_at = pointer;
      return;
    case 'submit': {
      if (session.left_at !== null) bump(db, procedureId, session.day, 'left', session.left_at, '', -1);
      prepared(db, 'UPDATE form_event_sessions SET submitted = 1, left_at = NULL WHERE procedure_id = ? AND session = ?').run(procedureId, event.session);
      session.submitted = 1;
      session.left_at = null;
      bump(db, procedureId, session.day, 'submitted', '', '', 1);
      const seconds = Math.max(0, (Date.parse(event.at) - Date.parse(session.started_at)) / 1000);
      bump(db, procedureId, session.day, 'submit-time', '', timeToSubmitBucket(seconds), 1);
      return;
    }
  }
}

/** Applies a batch of events, in order, inside the caller's transaction. */
export function recordFormEvents(db: Database.Database, events: readonly FormEventRecord[]): void {
  const cache: SessionCache = new Map();
  for (const event of events) recordOne(db, event, cache);
}

/** The non-zero counts of a procedure for days `fromDay..toDay`. */
export function listFormEventCounts(db: Database.Database, procedureId: string, fromDay: string, toDay: string): FormEventCount[] {
  return prepared(
    db,
    `SELECT day, metric, pointer, code, count FROM form_event_counts
     WHERE procedure_id = ? AND day BETWEEN ? AND ? AND count <> 0 ORDER BY day, metric, pointer, code`,
  ).all(procedureId, fromDay, toDay) as FormEventCount[];
}

/** Forgets the sessions (and their marks) that started before `startedBefore`; returns how many. */
export function purgeFormEventSessions(db: Database.Database, startedBefore: string): number {
  prepared(
    db,
    `DELETE FROM form_event_marks WHERE (procedure_id, session) IN
       (SELECT procedure_id, session FROM form_event_sessions WHERE started_at < ?)`,
  ).run(startedBefore);
  return prepared(db, 'DELETE FROM form_event_sessions WHERE started_at < ?').run(startedBefore).changes;
}
