import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { ReadinessCheck } from '../../readiness.js';
import type { AppEnv } from '../env.js';
import { problemType } from '../problem.js';
import { findProblemType } from '../problem-types/registry.js';
import { ProblemSchema } from '../schemas.js';

const CheckResultsSchema = z.array(z.object({ name: z.string(), ok: z.boolean() }));
const BreakersSchema = z
  .record(z.string(), z.enum(['closed', 'open', 'half-open']))
  .openapi({ description: "Circuit breaker per core system. An open breaker delays that system's deliveries; intake stays ready." });

const ReadinessSchema = z
  .object({ status: z.literal('ready'), checks: CheckResultsSchema, breakers: BreakersSchema })
  .openapi('Readiness');

const NotReadySchema = ProblemSchema.extend({
  state: z.enum(['not-ready', 'draining']),
  checks: CheckResultsSchema,
  breakers: BreakersSchema,
}).openapi('NotReady');

/** `/healthz` (the process is up) and `/readyz` (every readiness check passes — the store takes writes, current CRLs loaded — and not draining). */
export function registerHealthRoutes(
  app: OpenAPIHono<AppEnv>,
  readiness: ReadinessCheck[],
  isDraining: () => boolean,
  breakers: () => Record<string, 'closed' | 'open' | 'half-open'>,
): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    summary: 'The process is up',
    responses: { 200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/readyz',
    tags: ['operations'],
    summary: 'Ready to take traffic',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
      503: {
        description:
          'Not ready (problem `storage-unavailable` while the store refuses writes; `not-ready` while a check fails, e.g. `revocation` before a current CRL is loaded), or draining before shutdown (`not-ready`, `state: draining`)',
        content: { 'application/problem+json': { schema: NotReadySchema } },
      },
    },
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      readiness.map(async ({ name, check, problem }) => ({ name, problem, ok: await check().catch(() => false) })),
    );
    const checks = results.map(({ name, ok }) => ({ name, ok }));
    const draining = isDraining();
    c.header('cache-control', 'no-store');
    const failed = results.filter((result) => !result.ok);
    if (!draining && failed.length === 0) return c.json({ status: 'ready' as const, checks, breakers: breakers() }, 200);
    const code = draining ? 'not-ready' : (failed[0]!.problem ?? 'not-ready');
    const detail = draining
      ? 'The gateway is draining before shutdown and takes no new traffic.'
      : `Failing readiness checks: ${failed.map((result) => result.name).join(', ')}.`;
    return c.json(
      {
        type: problemType(code),
        title: findProblemType(code)!.title,
        status: 503,
        detail,
        instance: c.get('requestId'),
        state: draining ? ('draining' as const) : ('not-ready' as const),
        checks,
        breakers: breakers(),
      },
      503,
      { 'content-type': 'application/problem+json' },
    );
  });
}
