import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { InputError } from '../../errors.js';
import { checkFormEvents } from '../../form-events/check-form-events.js';
import type { FormFieldIndex } from '../../form-events/form-fields.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { RatePolicy } from '../../rate-limit/gcra.js';
import type { RateLimiter } from '../../rate-limit/rate-limiter.js';
import { FORM_EVENT_KINDS, type FormEventStore } from '../../store/form-event-store.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { FORM_ISSUE_CODES } from '../problem-types/issue-codes.js';
import { describePolicy, limitRate } from '../rate-limit.js';
import { perClient } from '../rate-subjects.js';
import { problemResponse } from '../schemas.js';

/** Most events in one batch. */
export const MAX_FORM_EVENTS_PER_BATCH = 500;
/** A batch of 500 events is about 75 KiB; more is not a batch of events. */
const FORM_EVENTS_BODY_BYTES = 128 * 1024;
const FORM_EVENTS_JSON_DEPTH = 4;
const MAX_ISSUES = 100;

const FormEventSchema = z
  .object({
    session: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'A random id the frontend made: 16–64 letters, digits, - or _.' })
      .openapi({ description: 'A random id the frontend makes for one visit to one form (a UUID will do); never anything about the resident', example: '3f1c7a9e-5b2d-4c8e-9f0a-1b2c3d4e5f60' }),
    procedureId: z.string().max(64).openapi({ example: 'juminhyo-copy' }),
    pointer: z
      .string()
      .max(512)
      .openapi({ description: 'The field, as a JSON Pointer inside the form (`/applicant/name`, `/children/0/birthDate`: a `form-invalid` pointer without its `/form`); `""` for the whole form (view, leave, submit)', example: '/applicant/name' }),
    event: z.enum(FORM_EVENT_KINDS).openapi({
      description: 'view: the form or a field was shown; focus: the resident entered a field; error: a validation error showed at the field; leave: the resident left the form while at the field; submit: the application was accepted',
    }),
    at: z.iso.datetime({ offset: true, error: 'An RFC 3339 date-time, e.g. 2026-12-03T10:15:30.000Z.' }).openapi({ example: '2026-12-03T10:15:30.000Z' }),
    code: z
      .enum(FORM_ISSUE_CODES as [string, ...string[]])
      .optional()
      .openapi({ description: 'error events only: the validation code the gateway or the form\'s JSON Schema gave (`required`, `too-long` …)' }),
  })
  .strict()
  .openapi('FormEvent');

const FormEventBatchSchema = z.object({ events: z.array(FormEventSchema).min(1) }).strict().openapi('FormEventBatch');

export interface FormEventRoutesOptions {
  store: FormEventStore;
  fields: FormFieldIndex;
  limiter: RateLimiter;
  /** Batches per frontend client; undefined: not limited. */
  rateLimit: RatePolicy | undefined;
  clock: () => Date;
}

function refused(issues: { pointer: string; code: string; message: string }[]): InputError {
  return new InputError('form-events-invalid', 'Some events cannot be counted; nothing of the batch was recorded.', issues.slice(0, MAX_ISSUES));
}

/** Anonymous form events from frontends, counted per procedure and day (never stored one by one). */
export function registerFormEventRoutes(app: OpenAPIHono<AppEnv>, options: FormEventRoutesOptions): void {
  const { store, fields, limiter, rateLimit, clock } = options;
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/form-events',
    tags: ['form events'],
    summary: 'Report where residents are in a form (anonymous)',
    description:
      `A batch of 1–${MAX_FORM_EVENTS_PER_BATCH} events. An event says which field of which procedure's form a visit (\`session\`) reached, ` +
      'where a validation error showed, where the resident left, and when the application was accepted. It never carries a value or anything about the resident: unknown keys are refused. ' +
      'The gateway keeps counts per procedure and day, not the events; each session counts once per field, so a batch sent again changes nothing. ' +
      `One bad item refuses the whole batch, naming each bad item. Limited per frontend client${rateLimit ? ` (${describePolicy(rateLimit)})` : ''}.`,
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: FormEventBatchSchema } } } },
    responses: {
      202: { description: 'Counted', content: { 'application/json': { schema: z.object({ accepted: z.number().int() }).openapi('FormEventsAccepted') } } },
      400: problemResponse('Malformed JSON'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('An event that cannot be counted'),
      429: problemResponse('Too many batches'),
    },
  });

  app.post(
    '/v1/form-events',
    requireRole('frontend'),
    limitRate('form-events', limiter, perClient(() => rateLimit)),
    limitBody(FORM_EVENTS_BODY_BYTES),
    async (c) => {
      const body = await readJsonBody(c, FORM_EVENTS_JSON_DEPTH);
      // counted before the items are parsed, so an oversized batch costs one issue
      const events = typeof body === 'object' && body !== null && 'events' in body ? body.events : undefined;
      if (Array.isArray(events) && events.length > MAX_FORM_EVENTS_PER_BATCH) {
        throw refused([{ pointer: '/events', code: 'too-long', message: `At most ${MAX_FORM_EVENTS_PER_BATCH} events per batch.` }]);
      }
      const parsed = FormEventBatchSchema.safeParse(body);
      if (!parsed.success) throw refused(issuesFromZod(parsed.error, ''));
      const records = checkFormEvents(parsed.data.events, fields, clock());
      await store.recordFormEvents(records);
      return c.json({ accepted: records.length }, 202);
    },
  );
}
