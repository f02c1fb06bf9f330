import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { signTimestampedCallback } from '../../src/callbacks/signature.js';
import type { Procedure } from '../../src/catalog/procedure.js';
import { registerPickupRoutes } from '../../src/http/routes/pickups.js';
import type { PickupRecord, Store } from '../../src/store/types.js';
import { ManualClock, procedureWith, routeTestApp, seedApplication, temporaryStore } from '../support/runner-harness.js';
import { tinyPdf } from '../issuance/convenience-store/tiny-pdf.js';
import { testLookupGuard } from '../support/pickup-lookup-guard.js';

const SECRET = 'store-network-callback-secret';
const PREVIOUS_SECRET = 'store-network-callback-secret-before-rotation';
const CODE = '123456789012';
const STORE_NETWORK = { authorization: 'Bearer dev-store-key', 'x-store-terminal': 'kiosk-0001' };
const PROCEDURE: Procedure = procedureWith('juminhyo-copy', [{ name: 'issue-certificate', action: 'issue-certificate' }]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let rendered: string[];
let renderFails: boolean;

function app() {
  return routeTestApp((hono) =>
    registerPickupRoutes(hono, {
      store,
      lookupGuard: testLookupGuard().guard,
      callbackSecrets: [SECRET, PREVIOUS_SECRET],
      clock: clock.now,
      pdf: async (certificateId) => {
        rendered.push(certificateId);
        if (renderFails) throw new Error('renderer down');
        return tinyPdf(`certificate ${certificateId}`);
      },
    }),
  );
}

async function seedPickup(applicationId = 'app-1', code = CODE, expiresInMs = 3_600_000): Promise<PickupRecord> {
  await seedApplication(store, applicationId, PROCEDURE, clock.now());
  const now = clock.now().toISOString();
  await store.appendTimeline(applicationId, { status: 'awaiting-pickup', at: now, source: 'issue-certificate', detail: 'ready' });
  return store.savePickup({
    code,
    certificateId: `cert-${applicationId}`,
    applicationId,
    requestId: `${applicationId}:issue-certificate`,
    certificateType: 'juminhyo-copy',
    copies: 1,
    fee: 300,
    expiresAt: new Date(clock.now().getTime() + expiresInMs).toISOString(),
    status: 'requested',
    notBefore: now,
    fetchedAt: null,
    createdAt: now,
    updatedAt: now,
  });
}

function fetchDocument(code = CODE, headers: Record<string, string> = STORE_NETWORK) {
  return Promise.resolve(app().request(`/v1/store-network/pickups/${code}/document`, { headers }));
}

/** The signature header the store network sends for `body` now, under `secret`. */
function sign(body: string, secret = SECRET, unixSeconds = Math.floor(clock.now().getTime() / 1000)): string {
  return signTimestampedCallback([secret], unixSeconds, body);
}

/** Posts a callback, signed correctly now unless a signature (or null: none) is given. */
function callback(body: string, signature: string | null = sign(body)) {
  return Promise.resolve(
    app().request('/v1/callbacks/convenience-store', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-kakehashi-signature': signature }) },
      body,
    }),
  );
}

function report(status: 'printed' | 'expired', code = CODE): string {
  return JSON.stringify({ pickupCode: code, status, at: clock.now().toISOString() });
}

async function problemOf(response: Response): Promise<{ type: string; status: number }> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { type: string; status: number };
}

beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  rendered = [];
  renderFails = false;
});
afterEach(async () => {
  await dispose();
});

describe('GET /v1/store-network/pickups/{code}/document', () => {
  it('hands the PDF out once; the second fetch is 409 pickup-already-fetched', async () => {
    await seedPickup();
    const first = await fetchDocument();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes).toEqual(await tinyPdf('certificate cert-app-1'));
    expect(await store.getPickup(CODE)).toMatchObject({ status: 'fetched', fetchedAt: clock.now().toISOString() });

    const second = await fetchDocument();
    expect(second.status).toBe(409);
    expect(await problemOf(second)).toMatchObject({ type: '/problems/pickup-already-fetched', status: 409 });
  });

  it('gives the document to exactly one of 10 concurrent fetches', async () => {
    await seedPickup();
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => fetchDocument()))).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
  });

  it('answers 410 pickup-expired at and after expiry, without rendering or marking', async () => {
    await seedPickup('app-1', CODE, 60_000);
    clock.advance(60_000);
    const response = await fetchDocument();
    expect(response.status).toBe(410);
    expect(await problemOf(response)).toMatchObject({ type: '/problems/pickup-expired', status: 410 });
    expect(rendered).toEqual([]);
    expect((await store.getPickup(CODE))?.status).toBe('requested');
  });

  it('answers 410 once the network reported the pickup expired', async () => {
    await seedPickup();
    await store.updatePickupStatus(CODE, 'expired', clock.now().toISOString());
    expect((await fetchDocument()).status).toBe(410);
  });

  it('is for the store network only: no key 401, unknown key 401, frontend and staff keys 403; nothing is used up', async () => {
    await seedPickup();
    expect((await fetchDocument(CODE, {})).status).toBe(401);
    expect((await fetchDocument(CODE, { authorization: 'Bearer not-a-key' })).status).toBe(401);
    const frontend = await fetchDocument(CODE, { authorization: 'Bearer dev-frontend-key' });
    expect(frontend.status).toBe(403);
    expect(await problemOf(frontend)).toMatchObject({ type: '/problems/role-not-allowed' });
    expect((await fetchDocument(CODE, { authorization: 'Bearer dev-staff-key' })).status).toBe(403);
    expect(rendered).toEqual([]);
    expect((await fetchDocument()).status).toBe(200);
  });

  it('answers 404 for an unknown code and for anything that is not 12 digits', async () => {
    await seedPickup();
    const unknown = await fetchDocument('999999999999');
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ type: '/problems/pickup-not-found' });
    for (const code of ['12345678901', '1234567890123', '%2E%2E', '１２３４５６７８９０１２', '__proto__', '12345678901%00', 'x'.repeat(5_000)]) {
      expect((await fetchDocument(code)).status).toBe(404);
    }
    expect(rendered).toEqual([]);
    expect((await store.getPickup(CODE))?.status).toBe('requested');
  });

  it('does not use up the one fetch when rendering fails', async () => {
    await seedPickup();
    renderFails = true;
    const failed = await fetchDocument();
    expect(failed.status).toBe(500);
    expect(JSON.stringify(await failed.json())).not.toContain('renderer down');
    expect((await store.getPickup(CODE))?.status).toBe('requested');
    renderFails = false;
    expect((await fetchDocument()).status).toBe(200);
  });
});

describe('POST /v1/callbacks/convenience-store', () => {
  it('printed → the application is picked-up; a duplicate answers 200 ignored and changes nothing', async () => {
    await seedPickup();
    await fetchDocument();
    const first = await callback(report('printed'));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'recorded' });
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
    expect((await store.getPickup(CODE))?.status).toBe('printed');
    const timeline = await store.getTimeline('app-1');
    expect(timeline.at(-1)).toMatchObject({ status: 'picked-up', source: 'convenience-store' });

    clock.advance(1_000);
    const duplicate = await callback(report('printed'));
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toEqual({ status: 'ignored' });
    expect(await store.getTimeline('app-1')).toEqual(timeline);
    const late = await callback(report('expired'));
    expect(await late.json()).toEqual({ status: 'ignored' });
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
  });

  it('expired → the application is expired, and the document can no longer be fetched', async () => {
    await seedPickup();
    const response = await callback(report('expired'));
    expect(await response.json()).toEqual({ status: 'recorded' });
    expect((await store.getApplication('app-1'))?.status).toBe('expired');
    expect((await store.getTimeline('app-1')).at(-1)?.detail).toContain('expired');
    expect((await fetchDocument()).status).toBe(410);
  });

  it('writes the timeline entry on a repeated report when the first stopped between its two writes', async () => {
    await seedPickup();
    await store.updatePickupStatus(CODE, 'expired', clock.now().toISOString());
    expect(await (await callback(report('expired'))).json()).toEqual({ status: 'recorded' });
    expect((await store.getApplication('app-1'))?.status).toBe('expired');
    clock.advance(1_000);
    expect(await (await callback(report('expired'))).json()).toEqual({ status: 'ignored' });
  });

  it('refuses a missing, malformed, wrong, tampered or stale signature with 401 and changes nothing', async () => {
    await seedPickup();
    const body = report('expired');
    const t = Math.floor(clock.now().getTime() / 1000);
    const cases: Array<[string | null, string]> = [
      [null, 'callback-signature-malformed'],
      ['', 'callback-signature-malformed'],
      [`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`, 'callback-signature-malformed'],
      [`t=${t}`, 'callback-signature-malformed'],
      [sign(body, SECRET, t - 301), 'callback-signature-expired'],
      [sign(body, SECRET, t + 301), 'callback-signature-expired'],
      [sign(body, 'other-secret'), 'callback-signature-invalid'],
      [sign(`${body} `), 'callback-signature-invalid'],
      [`t=${t + 1},${sign(body).split(',')[1]}`, 'callback-signature-invalid'],
    ];
    for (const [signature, code] of cases) {
      const response = await callback(body, signature);
      expect({ signature, status: response.status }).toEqual({ signature, status: 401 });
      expect(await problemOf(response)).toMatchObject({ type: `/problems/${code}` });
    }
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
    expect((await callback(body, sign(body).toUpperCase().replace('T=', 't=').replace('V1=', 'v1='))).status).toBe(200);
  });

  it('accepts the previous secret while it is rotated', async () => {
    await seedPickup();
    const response = await callback(report('expired'), sign(report('expired'), PREVIOUS_SECRET));
    expect(await response.json()).toEqual({ status: 'recorded' });
    expect((await store.getApplication('app-1'))?.status).toBe('expired');
  });

  it('answers a captured callback replayed within its window 200 duplicate with no effect, and 401 expired after it', async () => {
    await seedPickup();
    await fetchDocument();
    const body = report('printed');
    const captured = sign(body);
    expect(await (await callback(body, captured)).json()).toEqual({ status: 'recorded' });
    const timeline = await store.getTimeline('app-1');

    clock.advance(300_000);
    const replay = await callback(body, captured);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    expect(await store.getTimeline('app-1')).toEqual(timeline);

    clock.advance(1_000);
    const late = await callback(body, captured);
    expect(late.status).toBe(401);
    expect(await problemOf(late)).toMatchObject({ type: '/problems/callback-signature-expired' });
    expect(await store.getTimeline('app-1')).toEqual(timeline);
  });

  it('does not remember a callback it refused: printed before the fetch is taken when sent again after it', async () => {
    await seedPickup();
    const body = report('printed');
    const captured = sign(body);
    expect((await callback(body, captured)).status).toBe(409);
    await fetchDocument();
    expect(await (await callback(body, captured)).json()).toEqual({ status: 'recorded' });
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
  });

  it('answers 404 for an unknown code and 409 for printed before any fetch', async () => {
    await seedPickup();
    const unknown = await callback(report('printed', '999999999999'));
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ type: '/problems/pickup-not-found' });
    const early = await callback(report('printed'));
    expect(early.status).toBe(409);
    expect(await problemOf(early)).toMatchObject({ type: '/problems/pickup-not-fetched' });
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
  });

  it('documents the signature, its window, rotation and the duplicate answer in the OpenAPI document', () => {
    const operation = app().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }).paths?.['/v1/callbacks/convenience-store']?.post;
    expect(operation?.description).toContain('X-Kakehashi-Signature: t=<unix seconds>,v1=<hex>');
    expect(operation?.description).toContain('300 seconds');
    expect(operation?.description).toContain('callbacks.previousSecrets');
    expect(operation?.description).toContain('{"status":"duplicate"}');
  });

  it('refuses hostile signed bodies before they reach the store', async () => {
    await seedPickup();
    const at = clock.now().toISOString();
    const cases: Array<[string, number]> = [
      [`{"pickupCode":"${CODE}","status":"printed","at":"${at}","__proto__":{"status":"expired"}}`, 400],
      [`{"pickupCode":"${CODE}","pickupCode":"999999999999","status":"expired","at":"${at}"}`, 400],
      [`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 400],
      ['{"pickupCode":', 400],
      [Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('latin1'), 400],
      [JSON.stringify({ pickupCode: CODE, status: 'expired', at, extra: 1 }), 422],
      [JSON.stringify({ pickupCode: Number(CODE), status: 'expired', at }), 422],
      [JSON.stringify({ pickupCode: CODE, status: 'lost', at }), 422],
      [JSON.stringify({ pickupCode: CODE, status: 'expired', at: 'yesterday' }), 422],
      [JSON.stringify({ pickupCode: CODE, status: 'expired', at, padding: 'x'.repeat(20_000) }), 413],
    ];
    for (const [body, status] of cases) {
      const response = await callback(body);
      expect({ body: body.slice(0, 60), status: response.status }).toEqual({ body: body.slice(0, 60), status });
    }
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
    expect((await store.getPickup(CODE))?.status).toBe('requested');
  });
});
