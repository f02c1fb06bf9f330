import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { ReadinessCheck } from '../../readiness.js';
import type { AppEnv } from '../env.js';

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not-ready', 'draining']),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean() })),
    breakers: z
      .record(z.string(), z.enum(['closed', 'open', 'half-open']))
      .openapi({ description: "Circuit breaker per core system. An open breaker delays that system's deliveries; intake stays ready." }),
  })
  .openapi('Readiness');

/** `/healthz` (the process is up) and `/readyz` (every readiness check passes — store reachable, current CRLs loaded — and not draining). */
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
      503: { description: 'Not ready (a check is false: `store` unreachable, or `revocation` while no current CRL is loaded yet), or draining before shutdown', content: { 'application/json': { schema: ReadinessSchema } } },
    },
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));
  app.get('/readyz', async (c) => {
    const checks = await Promise.all(
      readiness.map(async ({ name, check }) => ({ name, ok: await check().catch(() => false) })),
    );
    const draining = isDraining();
    const ready = !draining && checks.every((check) => check.ok);
    c.header('cache-control', 'no-store');
    return c.json({ status: draining ? 'draining' : ready ? 'ready' : 'not-ready', checks, breakers: breakers() }, ready ? 200 : 503);
  });
}
