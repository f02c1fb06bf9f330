import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { applicationNotFound } from '../../intake/intake.js';
import type { Store } from '../../store/types.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';

const WebhookDeliverySchema = z
  .object({
    webhookId: z.string().openapi({ description: 'The webhook-id header of every attempt of this status change; dedupe on it.' }),
    status: z.string().openapi({ description: 'The status the application reached' }),
    at: z.string().openapi({ description: 'When it reached it' }),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable().openapi({ description: "HTTP status of the receiver's last answer; null before one or when none came" }),
    lastError: z.string().nullable().openapi({ description: 'Why the last attempt failed (status 500, timeout, connection failed …)' }),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When it is tried next; null once delivered or failed' }),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

/** `GET /v1/applications/{id}/webhook-deliveries`: how the pushes of an application's status changes went. */
export function registerWebhookDeliveryRoutes(app: OpenAPIHono<AppEnv>, options: { store: Store }): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/webhook-deliveries',
    tags: ['applications'],
    summary: "The status webhooks of an application and how each delivery to the client's webhook went",
    description:
      'Only the frontend client that submitted the application; oldest first, none when the client has no webhook (clients[].webhook). ' +
      'Every status change is POSTed as {id, procedure, status, at} with Standard Webhooks headers (webhook-id, webhook-timestamp in seconds, ' +
      'webhook-signature v1,<base64 HMAC-SHA256 of "id.timestamp.body">), retried with backoff until a 2xx or the last attempt (then state failed); ' +
      'the changes of one application are delivered in order.',
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: { description: 'The deliveries', content: { 'application/json': { schema: z.object({ deliveries: z.array(WebhookDeliverySchema) }) } } },
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      404: problemResponse("Unknown application, or another client's"),
    },
  });

  app.get('/v1/applications/:id/webhook-deliveries', requireRole('frontend'), async (c) => {
    const id = c.req.param('id');
    const application = id.length <= 128 ? await options.store.getApplication(id) : null;
    if (!application || application.clientId !== c.get('caller')!.id) throw applicationNotFound();
    const deliveries = await options.store.listWebhookDeliveries(id);
    c.header('cache-control', 'no-store');
    return c.json({
      deliveries: deliveries.map(({ webhookId, status, at, state, attempts, lastStatusCode, lastError, nextAttemptAt, deliveredAt }) => ({
        webhookId,
        status,
        at,
        state,
        attempts,
        lastStatusCode,
        lastError,
        nextAttemptAt,
        deliveredAt,
      })),
    });
  });
}
