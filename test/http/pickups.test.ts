import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCallbackBody } from '../../adapters/welfare/callback-signature.js';
import type { Procedure } from '../../src/catalog/procedure.js';
import { registerPickupRoutes } from '../../src/http/routes/pickups.js';
import type { PickupRecord, Store } from '../../src/store/types.js';
import { ManualClock, procedureWith, routeTestApp, seedApplication, temporaryStore } from '../support/runner-harness.js';
import { tinyPdf } from '../issuance/convenience-store/tiny-pdf.js';
import { testLookupGuard } from '../support/pickup-lookup-guard.js';

const SECRET = 'store-network-callback-secret';
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
      callbackSecret: SECRET,
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

/** Posts a callback, signed correctly unless a signature (or null: none) is given. */
function callback(body: string, signature: string | null = signCallbackBody(SECRET, body)) {
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
    expect(await (await callback(report('expired'))).json()).toEqual({ status: 'ignored' });
  });

  it('refuses a missing, wrong or tampered signature with 401 and changes nothing', async () => {
    await seedPickup();
    const body = report('expired');
    for (const signature of [null, '', 'sha256=', signCallbackBody('other-secret', body), signCallbackBody(SECRET, `${body} `), `sha1=${'0'.repeat(40)}`, 'sha256=zz']) {
      const response = await callback(body, signature);
      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ type: '/problems/callback-signature-invalid' });
    }
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
    expect((await callback(body, signCallbackBody(SECRET, body).toUpperCase().replace('SHA256=', 'sha256='))).status).toBe(200);
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
