import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreIssuanceRequest, StoreNetworkClient } from '../../../src/issuance/convenience-store/store-network.js';
import { createConvenienceStoreClient, type ConvenienceStoreClientOptions } from '../../../adapters/convenience-store/client.js';
import { ConvenienceStoreError } from '../../../adapters/convenience-store/errors.js';
import { convenienceStoreAdapter } from '../../../adapters/convenience-store/index.js';
import { startConvenienceStoreSimulator, type ConvenienceStoreSimulator } from '../../../adapters/convenience-store/simulator/index.js';

const apiKey = 'kiosk-network-test-key';
const now = new Date('2026-04-01T01:00:00Z');
let simulator: ConvenienceStoreSimulator;

beforeEach(async () => {
  simulator = await startConvenienceStoreSimulator({ apiKey, callbackSecret: 'unused-secret', clock: () => now });
});
afterEach(async () => {
  await simulator.close();
});

function client(overrides: Partial<ConvenienceStoreClientOptions> = {}): StoreNetworkClient {
  return createConvenienceStoreClient({ baseUrl: simulator.url, apiKey, timeoutMs: 1_000, retryDelayMs: 5, ...overrides });
}

function request(overrides: Partial<StoreIssuanceRequest> = {}): StoreIssuanceRequest {
  return { requestId: 'app-1:issue-certificate', certificateType: 'juminhyo-copy', copies: 2, feeYen: 600, expiresAt: '2026-04-08T14:00:00.000Z', ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<ConvenienceStoreError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConvenienceStoreError);
  return error as ConvenienceStoreError;
}

describe('convenience-store client', () => {
  it('gets a 12-digit pickup code and the expiry, sending the municipality code', async () => {
    const accepted = await client().requestIssuance(request());
    expect(accepted.pickupCode).toMatch(/^[0-9]{12}$/);
    expect(accepted.expiresAt).toBe('2026-04-08T14:00:00.000Z');
    expect(simulator.pickups()[0]?.request).toEqual({ ...request(), municipalityCode: '271004' });
  });

  it('answers a repeated request id with the first code (409 is success), and one pickup only', async () => {
    const first = await client().requestIssuance(request());
    const second = await client().requestIssuance(request());
    expect(second).toEqual(first);
    expect(simulator.pickups()).toHaveLength(1);
  });

  it('refuses a request id reused with other content as permanent', async () => {
    await client().requestIssuance(request());
    const error = await failure(client().requestIssuance(request({ copies: 3 })));
    expect(error).toMatchObject({ system: 'convenience-store', retryable: false, httpStatus: 422, code: 'store-network-rejected' });
    expect(error.message).toContain('request_id_reused');
  });

  it('retries 500 and resets quickly and then succeeds with one pickup', async () => {
    simulator.injectFault({ kind: 'status', status: 500 }, 1);
    simulator.injectFault({ kind: 'reset' }, 1);
    expect((await client().requestIssuance(request())).pickupCode).toMatch(/^[0-9]{12}$/);
    expect(simulator.requests()).toHaveLength(3);
    expect(simulator.pickups()).toHaveLength(1);
  });

  it('gives up with a retryable error when the network keeps failing', async () => {
    simulator.injectFault({ kind: 'status', status: 500 }, 10);
    const error = await failure(client({ retries: 2 }).requestIssuance(request()));
    expect(error).toMatchObject({ code: 'store-network-failed', retryable: true, httpStatus: 500 });
    expect(simulator.requests()).toHaveLength(3);
  });

  it('classifies a network that never answers as a retryable timeout', async () => {
    simulator.injectFault({ kind: 'hang' }, 3);
    const error = await failure(client({ timeoutMs: 100, retries: 2 }).requestIssuance(request()));
    expect(error).toMatchObject({ code: 'store-network-timeout', retryable: true, httpStatus: undefined });
  });

  it('does not hammer a network in maintenance: 503 is retryable later, not retried at once', async () => {
    simulator.setMaintenance(true);
    const error = await failure(client().requestIssuance(request()));
    expect(error).toMatchObject({ code: 'store-network-maintenance', retryable: true, httpStatus: 503 });
    expect(simulator.requests()).toHaveLength(1);
    simulator.setMaintenance(false);
    expect((await client().requestIssuance(request())).pickupCode).toMatch(/^[0-9]{12}$/);
  });

  it('treats a wrong key as a permanent failure, not retried', async () => {
    const error = await failure(client({ apiKey: 'wrong' }).requestIssuance(request()));
    expect(error).toMatchObject({ code: 'store-network-auth-failed', retryable: false, httpStatus: 401 });
    expect(simulator.requests()).toHaveLength(1);
  });

  it('treats other 4xx as permanent: unknown municipality, an expiry in the past', async () => {
    expect(await failure(client({ municipalityCode: '131016' }).requestIssuance(request()))).toMatchObject({ retryable: false, httpStatus: 422 });
    expect(await failure(client().requestIssuance(request({ requestId: 'b', expiresAt: '2026-03-01T00:00:00.000Z' })))).toMatchObject({
      retryable: false,
      httpStatus: 422,
    });
  });

  it('never sends a request the wire cannot carry, and says which field', async () => {
    for (const hostile of [
      request({ requestId: 'a/../b' }),
      request({ requestId: 'x'.repeat(201) }),
      request({ copies: 0 }),
      request({ copies: 1.5 }),
      request({ feeYen: -1 }),
      request({ certificateType: '__proto__' }),
      request({ expiresAt: 'tomorrow' }),
    ]) {
      const error = await failure(client().requestIssuance(hostile));
      expect(error).toMatchObject({ code: 'store-network-request-invalid', retryable: false });
    }
    expect(simulator.requests()).toHaveLength(0);
  });

  it('refuses answers that do not fit: another request id, a later expiry, junk bodies', async () => {
    const fake = (status: number, body: string): typeof fetch => async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });
    const answer = (overrides: Record<string, unknown>) => JSON.stringify({ requestId: request().requestId, pickupCode: '123456789012', expiresAt: request().expiresAt, ...overrides });
    const cases: Array<[typeof fetch, string]> = [
      [fake(201, answer({ requestId: 'other' })), 'store-network-response-invalid'],
      [fake(201, answer({ expiresAt: '2026-05-01T00:00:00.000Z' })), 'store-network-response-invalid'],
      [fake(201, answer({ pickupCode: '12345' })), 'store-network-response-invalid'],
      [fake(201, '{"requestId":'), 'store-network-response-invalid'],
      [fake(201, 'x'.repeat(100_000)), 'store-network-response-invalid'],
      [fake(409, '{"error":{"code":"conflict"}}'), 'store-network-rejected'],
    ];
    for (const [fetchImpl, code] of cases) {
      expect(await failure(client({ fetch: fetchImpl }).requestIssuance(request()))).toMatchObject({ code, retryable: false });
    }
  });

  it('validates its options at creation', () => {
    expect(() => convenienceStoreAdapter.create({ baseUrl: 'ftp://x', apiKey: 'k' })).toThrow();
    expect(() => convenienceStoreAdapter.create({ baseUrl: simulator.url, apiKey: '' })).toThrow();
    expect(() => convenienceStoreAdapter.create({ baseUrl: simulator.url, apiKey: 'k', extra: 1 } as never)).toThrow();
    expect(convenienceStoreAdapter.create({ baseUrl: simulator.url, apiKey: 'k' })).toHaveProperty('requestIssuance');
  });
});

describe('convenience-store simulator', () => {
  it('refuses hostile requests with the documented errors', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${simulator.url}/v1/issuance-requests`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers }, body });
    expect((await post('{"requestId":')).status).toBe(400);
    const withProto = JSON.stringify({ ...request(), municipalityCode: '271004' }).replace('{', '{"__proto__":{"copies":1},');
    expect((await post(withProto)).status).toBe(400);
    expect((await post(JSON.stringify({ ...request(), requestId: 'z', municipalityCode: '271004', extra: 1 }))).status).toBe(400);
    expect((await post('['.repeat(10_000))).status).toBe(400);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    expect((await post('{}', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await fetch(`${simulator.url}/v1/issuance-requests`)).status).toBe(405);
    expect((await fetch(`${simulator.url}/elsewhere`)).status).toBe(404);
  });

  it('gives distinct 12-digit codes to distinct requests', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 50; i++) codes.add((await client().requestIssuance(request({ requestId: `app-${i}:issue` }))).pickupCode);
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9]{12}$/);
  });
});
