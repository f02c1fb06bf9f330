import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { problemType } from '../problem.js';
import { problemResponse } from '../schemas.js';
import { registerPickupCallbackRoute } from './pickup-callback.js';

const PICKUP_CODE = /^[0-9]{12}$/;
const DEFAULT_BODY_BYTES = 16 * 1024;
const DEFAULT_JSON_DEPTH = 8;

export interface PickupRoutesOptions {
  store: Store;
  /** Renders the printable PDF of a certificate. */
  pdf: (certificateId: string) => Promise<Buffer>;
  /** HMAC-SHA256 secrets shared with the store network for its callbacks: the current one, and the previous one while it is rotated. */
  callbackSecrets: readonly string[];
  clock?: () => Date;
  /** Largest callback body. Default 16 KiB. */
  bodyBytes?: number;
  jsonDepth?: number;
}

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
 * (role `store-network`) and the signed status callback (`./pickup-callback.ts`). Register them
 * before a generic `/v1/callbacks/:system` route so that the static path wins.
 */
export function registerPickupRoutes(app: OpenAPIHono<AppEnv>, options: PickupRoutesOptions): void {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  registerDocs(app);

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

  registerPickupCallbackRoute(app, {
    store,
    secrets: options.callbackSecrets,
    clock,
    bodyBytes: options.bodyBytes ?? DEFAULT_BODY_BYTES,
    jsonDepth: options.jsonDepth ?? DEFAULT_JSON_DEPTH,
  });
}

function registerDocs(app: OpenAPIHono<AppEnv>): void {
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
}
