/**
 * Turns a batch of form events, already of the right shape, into records for
 * the store: each event must name a procedure of the catalog and a field of
 * its form (or the form itself, `''`, where the event allows it), come with a
 * validation code exactly when it is an `error`, and have happened recently.
 * One bad item refuses the whole batch, naming every bad item.
 */
import { InputError, type InputIssue } from '../errors.js';
import { japanDateOf } from '../issuance/japan-date.js';
import type { FormEventKind, FormEventRecord } from '../store/form-event-store.js';
import { normalizeFieldPointer, type FormFieldIndex } from './form-fields.js';

/** One event as the frontend sends it. */
export interface FormEventInput {
  session: string;
  procedureId: string;
  pointer: string;
  event: FormEventKind;
  at: string;
  code?: string;
}

/** How old an event may be when it arrives: a batch kept longer by the frontend is not worth counting. */
export const MAX_EVENT_AGE_MS = 24 * 3600 * 1000;
/** How far ahead of the gateway's clock an event's time may be (clock skew). */
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;
/** Most issues reported for one batch. */
const MAX_ISSUES = 100;

/** Events that may be about the form as a whole (pointer `''`) rather than one field. */
const FORM_LEVEL: ReadonlySet<FormEventKind> = new Set(['view', 'leave', 'submit']);

function pointerIssue(event: FormEventInput, fields: FormFieldIndex): string | undefined {
  if (event.pointer === '') return FORM_LEVEL.has(event.event) ? undefined : `A ${event.event} event names a field of the form.`;
  if (event.event === 'submit') return 'A submit event is about the whole form: send the pointer "".';
  if (!fields.hasField(event.procedureId, normalizeFieldPointer(event.pointer))) return 'Not a field of this procedure\'s form (see the JSON Schema at /v1/procedures/{id}).';
  return undefined;
}

function issuesOf(event: FormEventInput, base: string, fields: FormFieldIndex, now: number): InputIssue[] {
  if (!fields.fields(event.procedureId)) return [{ pointer: `${base}/procedureId`, code: 'unknown-procedure', message: 'No procedure with this id in the catalog.' }];
  const issues: InputIssue[] = [];
  const pointerProblem = pointerIssue(event, fields);
  if (pointerProblem) issues.push({ pointer: `${base}/pointer`, code: 'unknown-field', message: pointerProblem });
  if (event.event === 'error' && event.code === undefined) issues.push({ pointer: `${base}/code`, code: 'required', message: 'An error event carries the validation code.' });
  if (event.event !== 'error' && event.code !== undefined) issues.push({ pointer: `${base}/code`, code: 'unknown-field', message: 'Only error events carry a code.' });
  const at = Date.parse(event.at);
  if (at < now - MAX_EVENT_AGE_MS || at > now + MAX_EVENT_SKEW_MS) {
    issues.push({ pointer: `${base}/at`, code: 'out-of-range', message: 'Events are taken from 24 hours back up to 5 minutes ahead of the gateway\'s clock.' });
  }
  return issues;
}

/** The records of a batch, sorted by time; InputError (422) naming each bad item. */
export function checkFormEvents(events: readonly FormEventInput[], fields: FormFieldIndex, now: Date): FormEventRecord[] {
  const issues = events.flatMap((event, index) => issuesOf(event, `/events/${index}`, fields, now.getTime()));
  if (issues.length > 0) {
    throw new InputError('form-events-invalid', 'Some events cannot be counted; nothing of the batch was recorded.', issues.slice(0, MAX_ISSUES));
  }
  return events
    .map((event): FormEventRecord => {
      const at = new Date(event.at);
      return {
        procedureId: event.procedureId,
        session: event.session,
        pointer: normalizeFieldPointer(event.pointer),
        event: event.event,
        at: at.toISOString(),
        day: japanDateOf(at),
        code: event.code ?? '',
      };
    })
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
