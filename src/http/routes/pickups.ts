import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { verifyCallbackSignature } from '../../../adapters/welfare/callback-signature.js';
import { AuthenticationError, ConflictError, InputError, NotFoundError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { problemType } from '../problem.js';
import { problemResponse } from '../schemas.js';
import { parseStrictJson } from '../strict-json.js';

const PICKUP_CODE = /^[0-9]{12}$/;
const SIGNATURE_HEADER = 'x-kakehashi-signature';
const DEFAULT_BODY_BYTES = 16 * 1024;
const DEFAULT_JSON_DEPTH = 8;

export interface PickupRoutesOptions {
  store: Store;
  /** Renders the printable PDF of a certificate. */
  pdf: (certificateId: string) => Promise<Buffer>;
  /** HMAC-SHA256 secret shared with the store network for its callbacks. */
  callbackSecret: string;
  clock?: () => Date;
  /** Largest callback body. Default 16 KiB. */
  bodyBytes?: number;
  jsonDepth?: number;
}

const PickupCallbackSchema = z
  .object({
    pickupCode: z.string().regex(PICKUP_CODE).openapi({ example: '123456789012' }),
    status: z.enum(['printed', 'expired']).openapi({ description: '`printed` after the document was fetched; `expired` when the network gave up' }),
    at: z.iso.datetime({ offset: false }).openapi({ description: 'When it happened at the network (ISO-8601 UTC)', example: '2026-04-02T01:15:00.000Z' }),
  })
  .strict()
  .openapi('PickupCallback');

const PickupCallbackResultSchema = z.object({ status: z.enum(['recorded', 'ignored']) }).openapi('PickupCallbackResult');

const TIMELINE_DETAIL = {
  printed: 'コンビニで交付されました / Printed at a convenience store',
  expired: '受付番号の有効期限が過ぎました。必要な場合は改めて申請してください / The pickup code expired before printing; apply again if you still need the certificate',
} as const;

function pickupNotFound(): NotFoundError {
  return new NotFoundError('pickup-not-found', 'Pickup not found', 'There is no pickup with this code.');
}

function alreadyFetched(): ConflictError {
  return new ConflictError('pickup-already-fetched', 'Document already fetched', 'The document of this pickup was handed out before; it is handed out once only.');
}

/** 410 has no domain error class: the problem body is built here in the gateway's problem shape. */
function expiredProblem(c: Context<AppEnv>): Response {
  return c.json(
    { type: problemType('pickup-expired'), title: 'Pickup expired', status: 410, detail: 'The pickup code has expired; the document is no longer available.', instance: c.get('requestId') },
    410,
    { 'content-type': 'application/problem+json' },
  );
}

function isSpent(pickup: PickupRecord): boolean {
  return pickup.status === 'fetched' || pickup.status === 'printed';
}

/**
 * The endpoints the convenience-store network calls (wire format:
 * `adapters/convenience-store/README.md`): the one-time document fetch
 * (role `store-network`) and the HMAC-signed status callback. Register them
 * before a generic `/v1/callbacks/:system` route so that the static path wins.
 */
export function registerPickupRoutes(app: OpenAPIHono<AppEnv>, options: PickupRoutesOptions): void {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const bodyBytes = options.bodyBytes ?? DEFAULT_BODY_BYTES;
  registerDocs(app, bodyBytes);

  app.get('/v1/store-network/pickups/:code/document', requireRole('store-network'), async (c) => {
    const code = c.req.param('code');
    const pickup = PICKUP_CODE.test(code) ? await store.getPickup(code) : null;
    if (!pickup) throw pickupNotFound();
    if (isSpent(pickup)) throw alreadyFetched();
    if (pickup.status === 'expired' || clock().toISOString() >= pickup.expiresAt) return expiredProblem(c);
    // Rendered before the pickup is marked, so a rendering failure does not use up the one fetch.
    const document = await options.pdf(pickup.certificateId);
    const fetched = await store.markPickupFetched(code, clock().toISOString());
    if (fetched === 'already-fetched') throw alreadyFetched();
    if (fetched === 'expired') return expiredProblem(c);
    if (fetched === 'unknown') throw pickupNotFound();
    c.get('log').info({ certificateId: pickup.certificateId, bytes: document.length }, 'convenience-store document handed out');
    return c.body(new Uint8Array(document), 200, {
      'content-type': 'application/pdf',
      'content-length': String(document.length),
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="${pickup.certificateId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
    });
  });

  app.post(
    '/v1/callbacks/convenience-store',
    limitBody(bodyBytes),
    async (c) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (!verifyCallbackSignature(options.callbackSecret, body, c.req.header(SIGNATURE_HEADER)?.trim().toLowerCase())) {
        c.get('log').warn({ system: 'convenience-store' }, 'callback with a missing or wrong signature');
        throw new AuthenticationError(
          'callback-signature-invalid',
          'Signature invalid',
          "X-Kakehashi-Signature must be sha256=<hex HMAC-SHA256 of the raw body under the store network's secret>.",
        );
      }
      const parsed = PickupCallbackSchema.safeParse(parseStrictJson(body, options.jsonDepth ?? DEFAULT_JSON_DEPTH));
      if (!parsed.success) throw new InputError('callback-invalid', 'Invalid callback', 'The callback body does not have the documented shape.', issuesFromZod(parsed.error, ''));
      const { pickupCode, status } = parsed.data;
      const pickup = await store.getPickup(pickupCode);
      if (!pickup) throw pickupNotFound();
      const now = clock().toISOString();
      const update = await store.updatePickupStatus(pickupCode, status, now);
      if (update === 'unknown') throw pickupNotFound();
      if (update === 'not-fetched') {
        throw new ConflictError('pickup-not-fetched', 'Document not fetched', 'A pickup is printed only after its document was fetched.');
      }
      const record = update === 'updated' || (await timelineEntryMissing(store, pickup, status));
      if (record) {
        await store.appendTimeline(pickup.applicationId, { status: status === 'printed' ? 'picked-up' : 'expired', at: now, source: 'convenience-store', detail: TIMELINE_DETAIL[status] });
      }
      c.get('log').info({ system: 'convenience-store', certificateId: pickup.certificateId, status, recorded: record }, record ? 'pickup status recorded' : 'pickup callback ignored: already recorded');
      return c.json({ status: record ? ('recorded' as const) : ('ignored' as const) }, 200);
    },
  );
}

/**
 * A repeated report whose pickup already has this final status, while the
 * application still waits: the gateway stopped between the two writes the
 * first time, so the timeline entry is written now.
 */
async function timelineEntryMissing(store: Store, pickup: PickupRecord, status: 'printed' | 'expired'): Promise<boolean> {
  const [current, application] = await Promise.all([store.getPickupByCertificate(pickup.certificateId), store.getApplication(pickup.applicationId)]);
  return current?.status === status && application?.status === 'awaiting-pickup';
}

function registerDocs(app: OpenAPIHono<AppEnv>, bodyBytes: number): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/store-network/pickups/{code}/document',
    tags: ['convenience-store'],
    summary: 'The store network fetches the document to print, once',
    description:
      'For API clients with the `store-network` role. Answers the certificate PDF once, and only before the pickup expires; the pickup is marked ' +
      'fetched atomically before any byte is sent, so a second fetch (even a concurrent one) is a 409.',
    security: [{ bearer: [] }],
    request: { params: z.object({ code: z.string().openapi({ example: '123456789012' }) }) },
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a store-network client'),
      404: problemResponse('No pickup with this code'),
      409: problemResponse('Already fetched (pickup-already-fetched)'),
      410: problemResponse('Expired (pickup-expired)'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/callbacks/convenience-store',
    tags: ['convenience-store'],
    summary: 'The store network reports a pickup printed or expired',
    description:
      'Authentication: `X-Kakehashi-Signature: sha256=<hex HMAC-SHA256 of the raw body>` under the secret shared with the store network; ' +
      `checked on the raw bytes before parsing. A duplicate is answered 200 \`ignored\`. Bodies up to ${bodyBytes} bytes.`,
    request: {
      headers: z.object({ 'x-kakehashi-signature': z.string() }),
      body: { required: true, content: { 'application/json': { schema: PickupCallbackSchema } } },
    },
    responses: {
      200: { description: 'Recorded, or ignored (duplicate)', content: { 'application/json': { schema: PickupCallbackResultSchema } } },
      400: problemResponse('Not strict JSON'),
      401: problemResponse('Missing or wrong signature'),
      404: problemResponse('No pickup with this code'),
      409: problemResponse('Printed reported for a document never fetched'),
      413: problemResponse('Body too large'),
      422: problemResponse('JSON of the wrong shape'),
    },
  });
}
