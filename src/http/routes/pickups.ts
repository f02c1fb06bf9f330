import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { verifyCallbackSignature } from '../../../adapters/welfare/callback-signature.js';
import { AuthenticationError, ConflictError, InputError, NotFoundError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { lookUpPickup } from '../../issuance/convenience-store/pickup-lookup.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { logPathAs } from '../log-path.js';
import type { PickupLookupGuard } from '../pickup-lookup-guard.js';
import { problemType } from '../problem.js';
import { problemResponse } from '../schemas.js';
import { parseStrictJson } from '../strict-json.js';
import { STORE_TERMINAL, STORE_TERMINAL_HEADER, storeTerminalOf } from '../store-terminal.js';

const PICKUP_CODE = /^[0-9]{12}$/;
const SIGNATURE_HEADER = 'x-kakehashi-signature';
const DEFAULT_BODY_BYTES = 16 * 1024;
const DEFAULT_JSON_DEPTH = 8;

export interface PickupRoutesOptions {
  store: Store;
  /** Renders the printable PDF of a certificate. */
  pdf: (certificateId: string) => Promise<Buffer>;
  /** Limits failed lookups (guessed codes) per terminal and per store-network client. */
  lookupGuard: PickupLookupGuard;
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
 * (role `store-network`) and the HMAC-signed status callback. Register them
 * before a generic `/v1/callbacks/:system` route so that the static path wins.
 */
export function registerPickupRoutes(app: OpenAPIHono<AppEnv>, options: PickupRoutesOptions): void {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const bodyBytes = options.bodyBytes ?? DEFAULT_BODY_BYTES;
  registerDocs(app, bodyBytes);

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
