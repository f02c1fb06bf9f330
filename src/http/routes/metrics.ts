import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';

/** `GET /metrics`: the gateway's metrics in the Prometheus text format, for staff (the city's monitoring). */
export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>, registry: Registry): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Metrics in the Prometheus text format',
    description:
      'Requests by route pattern and status, applications received, replays and refusals, route step outcomes, circuit breakers, ' +
      'jobs by state (read from the store at each scrape) and the process metrics. Labels never hold application ids or personal data.',
    security: [{ bearer: [] }],
    responses: {
      200: { description: 'Prometheus text exposition format 0.0.4', content: { [registry.contentType]: { schema: z.string() } } },
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a staff client'),
    },
  });

  app.get('/metrics', requireRole('staff'), async (c) => {
    const exposition = await registry.metrics();
    return c.body(exposition, 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  });
}
