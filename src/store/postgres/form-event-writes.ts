/**
 * The PostgreSQL side of the form-event store part (`../form-event-store.ts`).
 * Ingest is set-based: a batch of any size is four statements, each taking
 * its rows as one JSON record set (`jsonb_to_recordset`), never one round
 * trip per event.
 *
 * 1. Upsert the batch's sessions (`ON CONFLICT DO UPDATE` locks each row, so
 *    no other process applies events of those sessions until this
 *    transaction ends) and read back their state.
 * 2. Walk the events in order in TypeScript: `leave` and `submit` change the
 *    session; `view`, `focus` and `error` propose marks; counts add up.
 * 3. Insert the proposed marks; the ones that were new get their count.
 * 4. Add every count (one row per key) and write back the changed sessions.
 *
 * Rows are locked in key order (sessions, then counts), so concurrent batches
 * wait for each other instead of deadlocking.
 */
import { timeToSubmitBucket } from '../../form-events/time-to-submit.js';
import type { FormEventCount, FormEventMetric, FormEventRecord } from '../form-event-store.js';
import type { Query } from './postgres-context.js';

/** One session's state while its batch is applied. */
interface SessionState {
  procedureId: string;
  session: string;
  day: string;
  startedAt: string;
  leftAt: string | null;
  submitted: boolean;
  /** `leftAt` or `submitted` changed: written back at the end. */
  changed: boolean;
}

interface SessionRow {
  procedure_id: string;
  session: string;
  day: string;
  started_at: string;
  left_at: string | null;
  submitted: number;
  created: boolean;
}

/** A count the session gets the first time it has this mark. */
interface ProposedMark {
  procedureId: string;
  session: string;
  mark: string;
  day: string;
  metric: FormEventMetric;
  pointer: string;
  code: string;
}

/** Count changes of a batch, one entry per count row. */
class CountChanges {
  private readonly byKey = new Map<string, { procedureId: string; day: string; metric: FormEventMetric; pointer: string; code: string; by: number }>();

  add(procedureId: string, day: string, metric: FormEventMetric, pointer: string, code: string, by: number): void {
    const key = JSON.stringify([procedureId, day, metric, pointer, code]);
    const existing = this.byKey.get(key);
    if (existing) existing.by += by;
    else this.byKey.set(key, { procedureId, day, metric, pointer, code, by });
  }

  /** The changes that change something (a `left` moved away and back nets to zero). */
  nonZero() {
    return [...this.byKey.values()].filter((change) => change.by !== 0);
  }
}

const sessionKey = (procedureId: string, session: string) => JSON.stringify([procedureId, session]);

/** Step 1: the state of every session of the batch, creating those first seen (their first event fixes day and start). */
async function lockSessions(tx: Query, events: readonly FormEventRecord[], counts: CountChanges): Promise<Map<string, SessionState>> {
  const firsts = new Map<string, FormEventRecord>();
  for (const event of events) {
    const key = sessionKey(event.procedureId, event.session);
    if (!firsts.has(key)) firsts.set(key, event);
  }
  const first = [...firsts.values()];
  // DO UPDATE (not DO NOTHING) so that the row is locked and returned either way; xmax = 0 only on a row this statement inserted.
  const rows = await tx<SessionRow[]>`
    INSERT INTO form_event_sessions AS s (procedure_id, session, day, started_at)
    SELECT b.procedure_id, b.session, b.day, b.started_at
    FROM jsonb_to_recordset(${tx.json(first.map((e) => ({ procedure_id: e.procedureId, session: e.session, day: e.day, started_at: e.at })))})
      AS b (procedure_id text, session text, day text, started_at text)
    ORDER BY b.procedure_id COLLATE "C", b.session COLLATE "C"
    ON CONFLICT (procedure_id, session) DO UPDATE SET day = s.day
    RETURNING s.procedure_id, s.session, s.day, s.started_at, s.left_at, s.submitted, (s.xmax = 0) AS created`;
  const sessions = new Map<string, SessionState>();
  for (const row of rows) {
    if (row.created) counts.add(row.procedure_id, row.day, 'started', '', '', 1);
    sessions.set(sessionKey(row.procedure_id, row.session), {
      procedureId: row.procedure_id,
      session: row.session,
      day: row.day,
      startedAt: row.started_at,
      leftAt: row.left_at,
      submitted: row.submitted !== 0,
      changed: false,
    });
  }
  return sessions;
}

/** Step 2 for one event: what `sqlite/form-event-writes.ts` does per event, with marks proposed rather than inserted. */
function applyEvent(event: FormEventRecord, session: SessionState, counts: CountChanges, marks: Map<string, ProposedMark>): void {
  if (session.submitted) return;
  const { procedureId, pointer } = event;
  const propose = (mark: string, metric: FormEventMetric, code: string) => {
    const key = JSON.stringify([procedureId, event.session, mark]);
    if (!marks.has(key)) marks.set(key, { procedureId, session: event.session, mark, day: session.day, metric, pointer, code });
  };
  switch (event.event) {
    case 'view':
    case 'focus':
      if (pointer !== '') propose(`reached ${pointer}`, 'reached', '');
      return;
    case 'error':
      propose(`errored ${pointer} ${event.code}`, 'errored', event.code);
      return;
    case 'leave':
      if (session.leftAt === pointer) return;
      if (session.leftAt !== null) counts.add(procedureId, session.day, 'left', session.leftAt, '', -1);
      counts.add(procedureId, session.day, 'left', pointer, '', 1);
      session.leftAt = pointer;
      session.changed = true;
      return;
    case 'submit': {
      if (session.leftAt !== null) counts.add(procedureId, session.day, 'left', session.leftAt, '', -1);
      session.submitted = true;
      session.leftAt = null;
      session.changed = true;
      counts.add(procedureId, session.day, 'submitted', '', '', 1);
      const seconds = Math.max(0, (Date.parse(event.at) - Date.parse(session.startedAt)) / 1000);
      counts.add(procedureId, session.day, 'submit-time', '', timeToSubmitBucket(seconds), 1);
      return;
    }
  }
}

/** Step 3: inserts the proposed marks and counts the ones the sessions did not have yet. */
async function insertMarks(tx: Query, proposed: Map<string, ProposedMark>, counts: CountChanges): Promise<void> {
  if (proposed.size === 0) return;
  const marks = [...proposed.values()];
  const inserted = await tx<{ procedure_id: string; session: string; mark: string }[]>`
    INSERT INTO form_event_marks (procedure_id, session, mark)
    SELECT b.procedure_id, b.session, b.mark
    FROM jsonb_to_recordset(${tx.json(marks.map((m) => ({ procedure_id: m.procedureId, session: m.session, mark: m.mark })))})
      AS b (procedure_id text, session text, mark text)
    ON CONFLICT DO NOTHING
    RETURNING procedure_id, session, mark`;
  for (const row of inserted) {
    const mark = proposed.get(JSON.stringify([row.procedure_id, row.session, row.mark]))!;
    counts.add(mark.procedureId, mark.day, mark.metric, mark.pointer, mark.code, 1);
  }
}

/** Step 4: adds the counts, then writes back the sessions a `leave` or `submit` changed. */
async function writeCountsAndSessions(tx: Query, counts: CountChanges, sessions: Iterable<SessionState>): Promise<void> {
  const changes = counts.nonZero();
  if (changes.length > 0) {
    await tx`
      INSERT INTO form_event_counts AS c (procedure_id, day, metric, pointer, code, count)
      SELECT b.procedure_id, b.day, b.metric, b.pointer, b.code, b.count
      FROM jsonb_to_recordset(${tx.json(changes.map((c) => ({ procedure_id: c.procedureId, day: c.day, metric: c.metric, pointer: c.pointer, code: c.code, count: c.by })))})
        AS b (procedure_id text, day text, metric text, pointer text, code text, count int)
      ORDER BY b.procedure_id COLLATE "C", b.day COLLATE "C", b.metric COLLATE "C", b.pointer COLLATE "C", b.code COLLATE "C"
      ON CONFLICT (procedure_id, day, metric, pointer, code) DO UPDATE SET count = c.count + excluded.count`;
  }
  const changed = [...sessions].filter((session) => session.changed);
  if (changed.length > 0) {
    await tx`
      UPDATE form_event_sessions AS s SET left_at = b.left_at, submitted = b.submitted
      FROM jsonb_to_recordset(${tx.json(changed.map((s) => ({ procedure_id: s.procedureId, session: s.session, left_at: s.leftAt, submitted: s.submitted ? 1 : 0 })))})
        AS b (procedure_id text, session text, left_at text, submitted int)
      WHERE s.procedure_id = b.procedure_id AND s.session = b.session`;
  }
}

/** Applies a batch of events, in order, inside the caller's transaction. */
export async function recordFormEvents(tx: Query, events: readonly FormEventRecord[]): Promise<void> {
  const counts = new CountChanges();
  const sessions = await lockSessions(tx, events, counts);
  const marks = new Map<string, ProposedMark>();
  for (const event of events) applyEvent(event, sessions.get(sessionKey(event.procedureId, event.session))!, counts, marks);
  await insertMarks(tx, marks, counts);
  await writeCountsAndSessions(tx, counts, sessions.values());
}

/** The non-zero counts of a procedure for days `fromDay..toDay`. */
export async function listFormEventCounts(sql: Query, procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
  const rows = await sql<FormEventCount[]>`
    SELECT day, metric, pointer, code, count FROM form_event_counts
    WHERE procedure_id = ${procedureId} AND day BETWEEN ${fromDay} AND ${toDay} AND count <> 0 ORDER BY day, metric, pointer, code`;
  return [...rows];
}

/**
 * Forgets the sessions (and their marks) that started before `startedBefore`; returns how many.
 * Sessions go first, as `recordFormEvents` locks them first; the marks then go in a statement of
 * their own, which also sees marks a batch committed while this one waited for its session.
 */
export async function purgeFormEventSessions(tx: Query, startedBefore: string): Promise<number> {
  const gone = await tx<{ procedure_id: string; session: string }[]>`
    DELETE FROM form_event_sessions WHERE started_at < ${startedBefore} RETURNING procedure_id, session`;
  if (gone.length === 0) return 0;
  await tx`
    DELETE FROM form_event_marks AS m
    USING jsonb_to_recordset(${tx.json([...gone])}) AS g (procedure_id text, session text)
    WHERE m.procedure_id = g.procedure_id AND m.session = g.session`;
  return gone.length;
}
