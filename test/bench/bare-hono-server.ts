import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The reference: bare Hono handlers that read the JSON body and answer 202 (intake and form events). */
const app = new Hono();
app.post('/v1/applications', async (c) => {
  const body = await c.req.json<{ procedureId: string }>();
  return c.json({ id: crypto.randomUUID(), status: 'received', procedureId: body.procedureId }, 202);
});
app.post('/v1/form-events', async (c) => {
  const body = await c.req.json<{ events: unknown[] }>();
  return c.json({ accepted: body.events.length }, 202);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
