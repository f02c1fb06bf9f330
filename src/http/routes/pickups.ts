import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { lookUpPickup } from '../../issuance/convenience-store/pickup-lookup.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { logPathAs } from '../log-path.js';
import type { PickupLookupGuard } from '../pickup-lookup-guard.js';
import { problemType } from '../problem.js';
import { problemResponse } from '../schemas.js';
import { STORE_TERMINAL, STORE_TERMINAL_HEADER, storeTerminalOf } from '../store-terminal.js';
import { registerPickupCallbackRoute } from './pickup-callback.js';

const DEFAULT_BODY_BYTES = 16 * 1024;
const DEFAULT_JSON_DEPTH = 8;

export interface PickupRoutesOptions {
  store: Store;
  /** Renders the printable PDF of a certificate. */
  pdf: (certificateId: string) => Promise<Buffer>;
  /** Limits failed lookups (guessed codes) per terminal and per store-network client. */
  lookupGuard: PickupLookupGuard;
  /** HMAC-SHA256 secrets shared with the store network for its callbacks: the current one, and the previous one while it is rotated. */
  callbackSecrets: readonly string[];
  clock?: () => Date;
  /** Largest callback body. Default 16 KiB. */
  bodyBytes?: number;
  jsonDepth?: number;
}

function pickupNotFound(): NotFoundError {
  return new NotFoundError('pickup-not-found', 'There is no pickup with this code.');
}

function alreadyFetched(): ConflictError {
  return new ConflictError('pickup-already-fetched', 'The document of this pickup was handed out before; it is handed out once only.');
}

/** 410 has no domain error class: the problem body is built here in the gateway's problem shape. */
function expiredProblem(c: Context<AppEnv>): Response {
  return goneProblem(c, 'pickup-expired', 'Pickup expired', 'The pickup code has expired; the document is no longer available.');
}

/** Gone for good, as an expired code: the resident applies again (410 rather than 423, which promises a lock that lifts). */
function lockedProblem(c: Context<AppEnv>): Response {
  return goneProblem(c, 'pickup-locked', 'Pickup code locked', 'Too many wrong check parts were tried on this pickup number; the code no longer works.');
}

function goneProblem(c: Context<AppEnv>, code: string, title: string, detail: string): Response {
  return c.json({ type: problemType(code), title, status: 410, detail, instance: c.get('requestId') }, 410, { 'content-type': 'application/problem+json' });
}

const DOCUMENT_PATH = '/v1/store-network/pickups/:code/document';

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

  app.get(DOCUMENT_PATH, logPathAs(DOCUMENT_PATH), requireRole('store-network'), async (c) => {
    const code = c.req.param('code');
    const hold = await options.lookupGuard.hold(c.get('caller')!.id, storeTerminalOf(c), c.get('log'));
    const lookup = await lookUpPickup(store, code, clock());
    if (lookup.kind === 'guess') {
      hold.failed(lookup.lockedCertificateId);
      throw pickupNotFound();
    }
    await hold.release();
    const { pickup } = lookup;
    if (lookup.locked) {
      hold.refusedLocked();
      return lockedProblem(c);
    }
    if (isSpent(pickup)) throw alreadyFetched();
    if (pickup.status === 'expired' || clock().toISOString() >= pickup.expiresAt) return expiredProblem(c);
    // Rendered before the pickup is marked, so a rendering failure does not use up the one fetch.
    const document = await options.pdf(pickup.certificateId);
    const fetched = await store.markPickupFetched(code, clock().toISOString());
    if (fetched === 'already-fetched') throw alreadyFetched();
    if (fetched === 'expired') return expiredProblem(c);
    if (fetched === 'locked') {
      hold.refusedLocked();
      return lockedProblem(c);
    }
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
      'fetched atomically before any byte is sent, so a second fetch (even a concurrent one) is a 409.\n\n' +
      `Guessing: \`${STORE_TERMINAL_HEADER}\` names the kiosk (required). A code is 8 digits of pickup number and 4 of check part. ` +
      'Fetches whose code names no pickup (not 12 digits, unknown number, wrong check part — all the same 404) are limited per terminal and per ' +
      'store-network client (`rateLimits.pickupLookupFailures`); over a limit every fetch is 429 `pickup-lookups-limited` with Retry-After, a right code too, ' +
      'so the answers cannot tell right from wrong. Fetches that name a pickup do not count. After 5 wrong check parts on one pickup number, ' +
      'tried from any terminal, its code is locked for good: 410 `pickup-locked` for the right code (the resident applies again), still 404 for wrong ones.',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ code: z.string().openapi({ example: '123456789012' }) }),
      headers: z.object({ 'x-store-terminal': z.string().regex(STORE_TERMINAL).openapi({ example: 'kiosk-0001', description: 'The kiosk the fetch is for' }) }),
    },
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
      400: problemResponse('X-Store-Terminal missing or malformed (store-terminal-invalid)'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a store-network client'),
      404: problemResponse('No pickup with this code'),
      409: problemResponse('Already fetched (pickup-already-fetched)'),
      410: problemResponse('Expired (pickup-expired), or locked after too many wrong check parts (pickup-locked)'),
      429: problemResponse('Too many codes that name no pickup from this terminal or client (pickup-lookups-limited); see Retry-After'),
      503: problemResponse('The limit cannot be checked (pickup-lookups-unavailable); see Retry-After'),
    },
  });
}
