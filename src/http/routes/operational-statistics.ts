import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Catalog } from '../../catalog/procedure.js';
import { applicationStatisticsCsv, deliveryStatisticsCsv } from '../../statistics/operational-csv.js';
import { buildApplicationStatistics, buildDeliveryStatistics } from '../../statistics/operational-report.js';
import type { OperationalStatisticsStore } from '../../store/parts/operational-statistics-store.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { DEFAULT_DAYS, MAX_DAYS, dayRangeQuery, instantsOf, wantsCsv, type DayRange } from '../statistics-query.js';
import { LocalizedTextSchema, problemResponse } from '../schemas.js';

export interface OperationalStatisticsOptions {
  store: OperationalStatisticsStore;
  catalog: Catalog;
  clock: () => Date;
}

const Counts = z.record(z.string(), z.number().int());

const ApplicationStatisticsSchema = z
  .object({
    from: z.string().openapi({ example: '2026-11-04' }),
    to: z.string().openapi({ example: '2026-12-03' }),
    procedures: z.array(
      z.object({
        procedureId: z.string(),
        title: LocalizedTextSchema.nullable().openapi({ description: 'null for a procedure no longer in the catalog' }),
        received: z.number().int(),
        byStatus: Counts.openapi({ description: 'Applications received in the range, by the status they are in now' }),
        completed: z.number().int().openapi({ description: 'Of those, how many reached completed or issued' }),
        medianSecondsToComplete: z.number().nullable().openapi({ description: 'From received to the first completed or issued entry' }),
        days: z.array(z.object({ day: z.string(), received: z.number().int(), byStatus: Counts })),
      }),
    ),
  })
  .openapi('ApplicationStatistics');

const DeliveryStatisticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    systems: z.array(
      z.object({
        system: z.string().openapi({ example: 'resident-registry' }),
        deliveries: z.number().int(),
        failing: z.number().int().openapi({ description: 'Last attempt failed, a retry is due' }),
        dead: z.number().int().openapi({ description: 'Retries given up (dead letters)' }),
        days: z.array(z.object({ day: z.string(), deliveries: z.number().int(), failing: z.number().int(), dead: z.number().int(), byState: Counts })),
      }),
    ),
  })
  .openapi('DeliveryStatistics');

const RangeQuery = z.object({
  from: z.string().optional().openapi({ description: 'First day, YYYY-MM-DD (Japan)', example: '2026-11-04' }),
  to: z.string().optional().openapi({ description: 'Last day, YYYY-MM-DD; default today in Japan', example: '2026-12-03' }),
  format: z.enum(['json', 'csv']).optional(),
});

function register(app: OpenAPIHono<AppEnv>, path: string, summary: string, description: string, schema: z.ZodTypeAny): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path,
    tags: ['statistics'],
    summary,
    description: `${description} As JSON, or as CSV (UTF-8 with BOM, for Excel) with \`format=csv\` or \`Accept: text/csv\`. At most ${MAX_DAYS} days; by default the last ${DEFAULT_DAYS}.`,
    security: [{ bearer: [] }],
    request: { query: RangeQuery },
    responses: {
      200: { description: 'The statistics', content: { 'application/json': { schema }, 'text/csv': { schema: z.string().openapi({ description: 'UTF-8 with BOM, CRLF' }) } } },
      400: problemResponse('A malformed day, a range longer than allowed, or an unknown format'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a staff client'),
    },
  });
}

/** Parses the range and format, then answers JSON or a CSV attachment named after the range. */
async function answer<T>(c: Context<AppEnv>, clock: () => Date, name: string, build: (range: DayRange) => Promise<T>, csv: (report: T) => Buffer): Promise<Response> {
  const range = dayRangeQuery({ from: c.req.query('from'), to: c.req.query('to') }, clock());
  const asCsv = wantsCsv(c.req.query('format'), c.req.header('accept'));
  const report = await build(range);
  c.header('cache-control', 'no-store');
  c.header('vary', 'Accept', { append: true });
  if (!asCsv) return c.json(report as object);
  return c.body(new Uint8Array(csv(report)), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}-${range.from}-${range.to}.csv"`,
  });
}

/** Staff statistics of operations: applications per procedure and day by status with the time to complete, and deliveries per system. */
export function registerOperationalStatisticsRoutes(app: OpenAPIHono<AppEnv>, options: OperationalStatisticsOptions): void {
  const { store, catalog, clock } = options;
  register(
    app,
    '/v1/admin/statistics/applications',
    'Applications per procedure and day, by status, and the median time to complete',
    'Applications received on each calendar day in Japan, per procedure of the catalog, by the status they are in now; and of those, how many reached completed (or issued) and the median seconds from received to that.',
    ApplicationStatisticsSchema,
  );
  register(
    app,
    '/v1/admin/statistics/deliveries',
    'Deliveries to each core system per day, and how many are failing',
    'Deliveries to each core system by the calendar day in Japan of their latest change and the state they are in now: failing (a retry is due) and dead (given up) apart.',
    DeliveryStatisticsSchema,
  );

  app.get('/v1/admin/statistics/applications', requireRole('staff'), (c) =>
    answer(
      c,
      clock,
      'applications',
      async (range) => {
        const instants = instantsOf(range);
        const [counts, completions] = await Promise.all([store.countApplicationsByStatus(instants), store.listCompletionTimes(instants)]);
        const procedures = catalog.list().map((compiled) => ({ id: compiled.procedure.id, title: compiled.procedure.title }));
        return buildApplicationStatistics({ ...range, procedures, counts, completions });
      },
      applicationStatisticsCsv,
    ),
  );

  app.get('/v1/admin/statistics/deliveries', requireRole('staff'), (c) =>
    answer(c, clock, 'deliveries', async (range) => buildDeliveryStatistics(range.from, range.to, await store.countDeliveriesByState(instantsOf(range))), deliveryStatisticsCsv),
  );
}
