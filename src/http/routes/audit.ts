import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { auditDayAsJsonLines, readAuditDay } from '../../audit/audit-day.js';
import { InputError } from '../../errors.js';
import type { Store } from '../../store/types.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';

const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ kind: z.enum(['staff', 'client', 'system']), id: z.string(), role: z.string() }),
    action: z.string().openapi({ example: 'dead-letter.replay' }),
    target: z.object({ type: z.string(), id: z.string() }),
    reason: z.string().optional(),
    prevHash: z.string(),
    hash: z.string().openapi({ description: 'SHA-256 hex over the RFC 8785 canonical JSON of the other fields' }),
  })
  .openapi('AuditEntry');

const AuditCheckpointSchema = z
  .object({
    day: z.string(),
    seq: z.number().int(),
    hash: z.string(),
    signedAt: z.string(),
    signature: z.string().openapi({ description: 'Detached CMS SignedData (DER, base64) over the canonical JSON {"day","hash","seq","type":"kakehashi-audit-checkpoint"}' }),
  })
  .openapi('AuditCheckpoint');

const AuditDaySchema = z
  .object({ day: z.string(), entries: z.array(AuditEntrySchema), checkpoint: AuditCheckpointSchema.nullable().openapi({ description: 'null until the day is over and signed' }) })
  .openapi('AuditDay');

/** The auditor's view of the audit trail: one JST day of entries with its signed checkpoint, as JSON or JSON Lines. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, options: { store: Store }): void {
  const { store } = options;
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/admin/audit',
    tags: ['audit'],
    summary: 'One day of the audit trail, with its signed checkpoint',
    description:
      'Entries whose time falls on the JST day, by seq, and the checkpoint signed with the city’s issuance key once the day is over. ' +
      'Entries hold ids, roles, actions, reasons and hashes, never personal data. `Accept: application/jsonl` answers JSON Lines ' +
      '(one `{"kind":"entry","entry":…}` per line, then `{"kind":"checkpoint",…}`), as `npm run cli -- audit export --day` prints. ' +
      'Check the whole chain offline with `npm run cli -- audit verify`.',
    security: [{ bearer: [] }],
    request: { query: z.object({ day: z.string().openapi({ description: 'JST calendar day', example: '2026-12-02' }) }) },
    responses: {
      200: { description: 'The day', content: { 'application/json': { schema: AuditDaySchema }, 'application/jsonl': { schema: z.string() } } },
      400: problemResponse('Missing or invalid day'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a staff client'),
    },
  });

  app.get('/v1/admin/audit', requireRole('staff'), async (c) => {
    const raw = c.req.query('day') ?? '';
    const day = raw.length <= 10 ? await readAuditDay(store, raw) : null;
    if (!day) {
      const message = 'day is a calendar day in the form YYYY-MM-DD (JST).';
      throw new InputError('query-invalid', message, [{ pointer: 'query:day', code: 'invalid', message }], { semantic: false });
    }
    c.header('cache-control', 'no-store');
    if (c.req.header('accept')?.includes('application/jsonl')) return c.body(auditDayAsJsonLines(day), 200, { 'content-type': 'application/jsonl; charset=utf-8' });
    return c.json(day);
  });
}
