import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The reference: a bare Hono handler that reads the JSON body and answers 202. */
const app = new Hono();
app.post('/v1/applications', async (c) => {
  const body = await c.req.json<{ procedureId: string }>();
  return c.json({ id: crypto.randomUUID(), status: 'received', procedureId: body.procedureId }, 202);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
