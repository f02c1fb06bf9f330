/**
 * The store part for anonymous form events (フォームのどこで止まったか): not
 * the events themselves but counts per procedure and day, and per session the
 * little needed to count each session once (when it started, which fields it
 * reached, where it last left, whether it submitted). Sessions are forgotten
 * after `FORM_EVENT_SESSION_TTL_SECONDS`; the counts stay.
 */

/** What a resident did on a form, as the frontend reports it. */
export const FORM_EVENT_KINDS = ['view', 'focus', 'error', 'leave', 'submit'] as const;
export type FormEventKind = (typeof FORM_EVENT_KINDS)[number];

/** How long a session's state is kept: a session idle longer than this counts as a new one. */
export const FORM_EVENT_SESSION_TTL_SECONDS = 2 * 24 * 3600;

/** One checked form event. Holds no value and nothing about the resident. */
export interface FormEventRecord {
  procedureId: string;
  /** The random id the frontend made for one resident's visit to one form. */
  session: string;
  /** The field inside the form, repeated-group indexes written `-` (`/children/-/name`); `''` is the form itself. */
  pointer: string;
  event: FormEventKind;
  /** ISO-8601 (`toISOString`). */
  at: string;
  /** The calendar day in Japan of `at` (YYYY-MM-DD); a new session is counted on its first event's day. */
  day: string;
  /** For `error`: the validation issue code (`required`, `too-long` …); '' otherwise. */
  code: string;
}

/**
 * What is counted, per procedure and the day the session started:
 * - `started`: sessions (their first event of any kind);
 * - `reached` per field: sessions that viewed or focused it;
 * - `errored` per field and code: sessions that had that validation error there;
 * - `left` per field (`''`: before any field): sessions whose last `leave` was there and that did not submit;
 * - `submitted`: sessions that submitted;
 * - `submit-time` per bucket (`code` = the bucket's upper bound in seconds, or `inf`): seconds from a session's first event to its submit.
 */
export type FormEventMetric = 'started' | 'reached' | 'errored' | 'left' | 'submitted' | 'submit-time';

/** One count. `pointer` and `code` are '' where the metric has none. */
export interface FormEventCount {
  day: string;
  metric: FormEventMetric;
  pointer: string;
  code: string;
  count: number;
}

/**
 * The store's part for form events. Semantics (both implementations):
 * - `recordFormEvents` applies a batch atomically, in the order given (callers
 *   sort by `at`). A session is keyed by `(procedureId, session)`. Its first
 *   event counts `started` on that event's `day` and fixes the session's day
 *   and start; every later count of the session goes to that day. Each
 *   `reached` field, each `errored` (field, code) and `submitted` count once
 *   per session, so a batch sent twice counts once. A `leave` moves the
 *   session's `left` count to its field; a `submit` takes it back. After a
 *   submit the session's events count no more.
 * - `listFormEventCounts` returns the counts of a procedure for days
 *   `fromDay..toDay` (inclusive), ordered by day, metric, pointer, code; zero
 *   counts are left out.
 * - `purgeFormEventSessions` forgets sessions that started before the time
 *   given (the Redis store lets them expire instead and returns 0).
 */
export interface FormEventStore {
  recordFormEvents(events: readonly FormEventRecord[]): Promise<void>;
  listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]>;
  purgeFormEventSessions(startedBefore: string): Promise<number>;
}
