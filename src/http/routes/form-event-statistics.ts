import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Catalog } from '../../catalog/procedure.js';
import { InputError } from '../../errors.js';
import { addDays, daysInRange } from '../../form-events/day-range.js';
import { formEventCsv } from '../../form-events/form-event-csv.js';
import { buildFormEventReport } from '../../form-events/form-event-report.js';
import type { FormFieldIndex } from '../../form-events/form-fields.js';
import { japanDateOf } from '../../issuance/japan-date.js';
import type { FormEventStore } from '../../store/form-event-store.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { LocalizedTextSchema, problemResponse } from '../schemas.js';

/** Longest range one report covers. */
const MAX_DAYS = 366;
/** Days covered when `from` is not given. */
const DEFAULT_DAYS = 30;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface FormEventStatisticsOptions {
  store: FormEventStore;
  catalog: Catalog;
  fields: FormFieldIndex;
  clock: () => Date;
}

const FormEventReportSchema = z
  .object({
    procedureId: z.string(),
    title: LocalizedTextSchema,
    from: z.string().openapi({ example: '2026-11-04' }),
    to: z.string().openapi({ example: '2026-12-03' }),
    started: z.number().int().openapi({ description: 'Sessions that opened the form' }),
    submitted: z.number().int().openapi({ description: 'Sessions whose application was accepted' }),
    leftBeforeAnyField: z.number().int(),
    medianSecondsToSubmit: z.number().nullable().openapi({ description: 'From the first event to the submit; estimated from `timeToSubmit` (within one bucket)' }),
    timeToSubmit: z.array(z.object({ upToSeconds: z.number().int().nullable(), sessions: z.number().int() })),
    fields: z.array(
      z.object({
        pointer: z.string().openapi({ example: '/applicant/name' }),
        label: LocalizedTextSchema,
        reached: z.number().int(),
        left: z.number().int().openapi({ description: 'Sessions whose last leave was here and that did not submit' }),
        errors: z.array(z.object({ code: z.string(), sessions: z.number().int() })),
      }),
    ),
    days: z.array(z.object({ day: z.string(), started: z.number().int(), submitted: z.number().int(), medianSecondsToSubmit: z.number().nullable() })),
  })
  .openapi('FormEventReport');

function queryIssue(name: string, message: string): InputError {
  return new InputError('query-invalid', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}

function dayParameter(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (!DAY.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    throw queryIssue(name, `${name} is a calendar day, YYYY-MM-DD (in Japan time).`);
  }
  return raw;
}

function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) {
    if (format !== 'csv' && format !== 'json') throw queryIssue('format', 'format is csv or json.');
    return format === 'csv';
  }
  return /\btext\/csv\b/i.test(accept ?? '');
}

/** Staff statistics of form drop-off: per procedure and range of days, as JSON or CSV for spreadsheets. */
export function registerFormEventStatisticsRoutes(app: OpenAPIHono<AppEnv>, options: FormEventStatisticsOptions): void {
  const { store, catalog, fields, clock } = options;
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/admin/statistics/form-events',
    tags: ['statistics'],
    summary: 'Where residents give up in a procedure\'s form',
    description:
      'Counts of the anonymous form events of one procedure over calendar days in Japan, sessions counted on the day they started: sessions started and submitted, ' +
      'the median time to submit, and for each field of the form how many sessions reached it, left at it, and had each validation error there. ' +
      `As JSON, or as CSV (UTF-8 with BOM, for Excel) with \`format=csv\` or \`Accept: text/csv\`. At most ${MAX_DAYS} days; by default the last ${DEFAULT_DAYS}.`,
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        procedureId: z.string().openapi({ example: 'juminhyo-copy' }),
        from: z.string().optional().openapi({ description: 'First day, YYYY-MM-DD', example: '2026-11-04' }),
        to: z.string().optional().openapi({ description: 'Last day, YYYY-MM-DD; default today in Japan', example: '2026-12-03' }),
        format: z.enum(['json', 'csv']).optional(),
      }),
    },
    responses: {
      200: {
        description: 'The report',
        content: { 'application/json': { schema: FormEventReportSchema }, 'text/csv': { schema: z.string().openapi({ description: 'UTF-8 with BOM, CRLF: the funnel, one row per field' }) } },
      },
      400: problemResponse('Missing or unknown procedure, a malformed day, a range longer than allowed, or an unknown format'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a staff client'),
    },
  });

  app.get('/v1/admin/statistics/form-events', requireRole('staff'), async (c) => {
    const procedureId = c.req.query('procedureId');
    if (!procedureId) throw queryIssue('procedureId', 'procedureId names the procedure to report on.');
    const compiled = catalog.get(procedureId);
    if (!compiled) throw queryIssue('procedureId', 'No procedure with this id in the catalog.');
    const to = dayParameter('to', c.req.query('to'), japanDateOf(clock()));
    const from = dayParameter('from', c.req.query('from'), addDays(to, 1 - DEFAULT_DAYS));
    const days = daysInRange(from, to);
    if (days < 1) throw queryIssue('from', 'from is on or before to.');
    if (days > MAX_DAYS) throw queryIssue('from', `At most ${MAX_DAYS} days per report.`);
    const csv = wantsCsv(c.req.query('format'), c.req.header('accept'));

    const report = buildFormEventReport({
      procedureId,
      title: compiled.procedure.title,
      from,
      to,
      fields: fields.fields(procedureId) ?? [],
      counts: await store.listFormEventCounts(procedureId, from, to),
    });
    c.header('cache-control', 'no-store');
    c.header('vary', 'Accept', { append: true });
    if (!csv) return c.json(report);
    return c.body(new Uint8Array(formEventCsv(report)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="form-events-${procedureId}-${from}-${to}.csv"`,
    });
  });
}
