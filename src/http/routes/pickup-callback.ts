import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { acceptOnce } from '../../callbacks/accept-once.js';
import { authenticateCallback } from '../../callbacks/authenticate-callback.js';
import { ConflictError, InputError, NotFoundError, type AuthenticationError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { limitBody } from '../body-limit.js';
import { callbackSignatureDescription } from '../callback-signature-docs.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';
import { parseStrictJson } from '../../json/strict-json.js';

const SYSTEM = 'convenience-store';
const SIGNATURE_HEADER = 'x-kakehashi-signature';
const PICKUP_CODE = /^[0-9]{12}$/;

export interface PickupCallbackRouteOptions {
  store: Store;
  /** HMAC-SHA256 secrets shared with the store network: the current one, and the previous one while it is rotated. */
  secrets: readonly string[];
  clock: () => Date;
  bodyBytes: number;
  jsonDepth: number;
}

const PickupCallbackSchema = z
  .object({
    pickupCode: z.string().regex(PICKUP_CODE).openapi({ example: '123456789012' }),
    status: z.enum(['printed', 'expired']).openapi({ description: '`printed` after the document was fetched; `expired` when the network gave up' }),
    at: z.iso.datetime({ offset: false }).openapi({ description: 'When it happened at the network (ISO-8601 UTC)', example: '2026-04-02T01:15:00.000Z' }),
  })
  .strict()
  .openapi('PickupCallback');

const PickupCallbackResultSchema = z.object({ status: z.enum(['recorded', 'ignored', 'duplicate']) }).openapi('PickupCallbackResult');

const TIMELINE_DETAIL = {
  printed: 'コンビニで交付されました / Printed at a convenience store',
  expired: '受付番号の有効期限が過ぎました。必要な場合は改めて申請してください / The pickup code expired before printing; apply again if you still need the certificate',
} as const;

function pickupNotFound(): NotFoundError {
  return new NotFoundError('pickup-not-found', 'There is no pickup with this code.');
}

/**
 * `POST /v1/callbacks/convenience-store`: the store network reports a pickup
 * printed or expired (wire format: `adapters/convenience-store/README.md`),
 * signed and refused when replayed like every callback. Register it before a
 * generic `/v1/callbacks/:system` route so that the static path wins.
 */
export function registerPickupCallbackRoute(app: OpenAPIHono<AppEnv>, options: PickupCallbackRouteOptions): void {
  const { store } = options;
  registerDocs(app, options.bodyBytes);

  app.post('/v1/callbacks/convenience-store', limitBody(options.bodyBytes), async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    const received = options.clock();
    let authenticated;
    try {
      authenticated = authenticateCallback(options.secrets, body, c.req.header(SIGNATURE_HEADER), received);
    } catch (error) {
      c.get('log').warn({ system: SYSTEM, code: (error as AuthenticationError).code }, 'callback refused: signature');
      throw error;
    }
    const parsed = PickupCallbackSchema.safeParse(parseStrictJson(body, options.jsonDepth));
    if (!parsed.success) throw new InputError('callback-invalid', 'The callback body does not have the documented shape.', issuesFromZod(parsed.error, ''));
    const { pickupCode, status } = parsed.data;
    const accepted = await acceptOnce(store, SYSTEM, authenticated, received, () => recordPickupStatus(store, pickupCode, status, received.toISOString()));
    if (accepted.kind === 'duplicate') {
      c.get('log').info({ system: SYSTEM, status }, 'callback refused: a replay of one already accepted');
      return c.json({ status: 'duplicate' as const }, 200);
    }
    const { certificateId, recorded } = accepted.value;
    c.get('log').info({ system: SYSTEM, certificateId, status, recorded }, recorded ? 'pickup status recorded' : 'pickup callback ignored: already recorded');
    return c.json({ status: recorded ? ('recorded' as const) : ('ignored' as const) }, 200);
  });
}

/** Sets the pickup's final status and writes the application's timeline entry; throws the 404 or 409 to answer. */
async function recordPickupStatus(store: Store, pickupCode: string, status: 'printed' | 'expired', now: string): Promise<{ certificateId: string; recorded: boolean }> {
  const pickup = await store.getPickup(pickupCode);
  if (!pickup) throw pickupNotFound();
  const update = await store.updatePickupStatus(pickupCode, status, now);
  if (update === 'unknown') throw pickupNotFound();
  if (update === 'not-fetched') {
    throw new ConflictError('pickup-not-fetched', 'A pickup is printed only after its document was fetched.');
  }
  const recorded = update === 'updated' || (await timelineEntryMissing(store, pickup, status));
  if (recorded) {
    await store.appendTimeline(pickup.applicationId, { status: status === 'printed' ? 'picked-up' : 'expired', at: now, source: SYSTEM, detail: TIMELINE_DETAIL[status] });
  }
  return { certificateId: pickup.certificateId, recorded };
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
    method: 'post',
    path: '/v1/callbacks/convenience-store',
    tags: ['convenience-store'],
    summary: 'The store network reports a pickup printed or expired',
    description:
      callbackSignatureDescription('shared with the store network (`callbacks.secrets.convenience-store`)') +
      '\n\n' +
      'A report of a status the pickup already has, signed anew, is answered 200 `ignored` and changes nothing. ' +
      `Bodies up to ${bodyBytes} bytes.`,
    request: {
      headers: z.object({ 'x-kakehashi-signature': z.string().openapi({ example: 't=1775001600,v1=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) }),
      body: { required: true, content: { 'application/json': { schema: PickupCallbackSchema } } },
    },
    responses: {
      200: { description: 'Recorded; ignored (a repeated report); or duplicate (this signed callback was accepted before)', content: { 'application/json': { schema: PickupCallbackResultSchema } } },
      400: problemResponse('Not strict JSON'),
      401: problemResponse('Signature missing or malformed, outside its 5-minute window, or wrong'),
      404: problemResponse('No pickup with this code'),
      409: problemResponse('Printed reported for a document never fetched'),
      413: problemResponse('Body too large'),
      422: problemResponse('JSON of the wrong shape'),
    },
  });
}
