import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConvenienceStoreSimulator, type ConvenienceStoreSimulator } from '../../adapters/convenience-store/simulator/index.js';
import { createWelfareAdapter } from '../../adapters/welfare/index.js';
import { startWelfareSimulator, type WelfareSimulator } from '../../adapters/welfare/simulator/index.js';
import { context, twoChildClaim } from '../adapters/welfare/helpers.js';
import { registerCallbackRoutes } from '../../src/http/routes/callbacks.js';
import { registerPickupRoutes } from '../../src/http/routes/pickups.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { tinyPdf } from '../issuance/convenience-store/tiny-pdf.js';
import { testLookupGuard } from '../support/pickup-lookup-guard.js';
import { startRecordingProxy, type CapturedRequest, type RecordingProxy } from '../support/recording-proxy.js';
import { catalogOf, drain, ManualClock, procedureWith, routeTestApp, runnerOptions, ScriptedAdapter, seedApplication, temporaryStore } from '../support/runner-harness.js';

const WELFARE_SECRET = 'welfare-callback-secret-0123456789abcdef';
const STORE_NETWORK_SECRET = 'store-network-callback-secret-0123456789';
const RETIRED_STORE_NETWORK_SECRET = 'store-network-callback-secret-retired-000';
const CLAIM = procedureWith('child-allowance', [
  { name: 'send-claim', action: 'send', system: 'welfare' },
  { name: 'claim-result', action: 'await-reply', system: 'welfare', deadline: 'PT48H' },
]);
const COPY = procedureWith('juminhyo-copy', [{ name: 'issue-certificate', action: 'issue-certificate' }]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let runner: RouteRunner;
let gateway: ServerType;
let gatewayUrl: string;
let proxy: RecordingProxy;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock(Date.parse('2026-04-01T10:00:00+09:00'));
  runner = new RouteRunner(runnerOptions(store, catalogOf(CLAIM), [new ScriptedAdapter('welfare', { kind: 'accept' })], clock));
  const app = routeTestApp((hono) => {
    registerPickupRoutes(hono, { store, lookupGuard: testLookupGuard().guard, callbackSecrets: [STORE_NETWORK_SECRET, RETIRED_STORE_NETWORK_SECRET], clock: clock.now, pdf: (id) => tinyPdf(`certificate ${id}`) });
    registerCallbackRoutes(hono, { secrets: { welfare: [WELFARE_SECRET] }, clock: clock.now, store, runner, bodyBytes: 16_384 });
  });
  await new Promise<void>((resolve) => {
    gateway = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  proxy = await startRecordingProxy(gatewayUrl);
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await proxy.close();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await dispose();
});

function capturedCallback(path: string): CapturedRequest {
  const callbacks = proxy.captured.filter((request) => request.method === 'POST' && request.path === path);
  expect(callbacks).toHaveLength(1);
  return callbacks[0]!;
}

async function problemType(response: Response): Promise<string> {
  return ((await response.json()) as { type: string }).type;
}

describe('a captured welfare callback, replayed over a real socket', () => {
  async function welfare(): Promise<WelfareSimulator> {
    const simulator = await startWelfareSimulator({ callbackSecret: WELFARE_SECRET, callbackUrl: proxy.url, callbackDelayMs: 10, callbackRetry: { attempts: 2, baseDelayMs: 20 }, now: clock.now });
    closers.push(() => simulator.close());
    return simulator;
  }

  it('is answered 200 duplicate with no effect within the window, and 401 expired after it', async () => {
    const simulator = await welfare();
    await seedApplication(store, 'app-1', CLAIM, clock.now());
    await drain(runner);
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-reply');

    const adapter = createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, encoding: 'cp932', charsetPolicy: { policy: 'reject' } });
    await adapter.upload('child-allowance-claim', twoChildClaim(), 'app-1:send-claim', context());
    await simulator.settled();
    await drain(runner);
    expect((await store.getApplication('app-1'))?.status).toBe('completed');
    const timeline = await store.getTimeline('app-1');
    const captured = capturedCallback('/v1/callbacks/welfare');
    expect(captured.headers['x-kakehashi-signature']).toMatch(/^t=[0-9]+,v1=[0-9a-f]{64}$/);

    clock.advance(120_000);
    const replay = await proxy.replay(captured);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    await drain(runner);
    expect(await store.getTimeline('app-1')).toEqual(timeline);

    clock.advance(181_000);
    const late = await proxy.replay(captured);
    expect(late.status).toBe(401);
    expect(await problemType(late)).toBe('/problems/callback-signature-expired');
    expect(await store.getTimeline('app-1')).toEqual(timeline);
  });
});

describe('a captured convenience-store callback, replayed over a real socket', () => {
  async function network(callbackSecret = STORE_NETWORK_SECRET): Promise<ConvenienceStoreSimulator> {
    const simulator = await startConvenienceStoreSimulator({ apiKey: 'network-key', gatewayUrl: proxy.url, storeKey: 'dev-store-key', callbackSecret, clock: clock.now });
    closers.push(() => simulator.close());
    return simulator;
  }

  /** A pickup the network knows and the gateway waits on, as after a successful issuance request. */
  async function requestedPickup(simulator: ConvenienceStoreSimulator): Promise<string> {
    const response = await fetch(`${simulator.url}/v1/issuance-requests`, {
      method: 'POST',
      headers: { authorization: 'Bearer network-key', 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: 'app-1:issue-certificate', municipalityCode: '271004', certificateType: 'juminhyo-copy', copies: 1, feeYen: 300, expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString() }),
    });
    const { pickupCode, expiresAt } = (await response.json()) as { pickupCode: string; expiresAt: string };
    await seedApplication(store, 'app-1', COPY, clock.now());
    const now = clock.now().toISOString();
    await store.appendTimeline('app-1', { status: 'awaiting-pickup', at: now, source: 'issue-certificate', detail: 'ready' });
    await store.savePickup({
      code: pickupCode,
      certificateId: 'cert-app-1',
      applicationId: 'app-1',
      requestId: 'app-1:issue-certificate',
      certificateType: 'juminhyo-copy',
      copies: 1,
      fee: 300,
      expiresAt,
      status: 'requested',
      notBefore: now,
      fetchedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return pickupCode;
  }

  it('is answered 200 duplicate with no effect within the window, and 401 expired after it', async () => {
    const simulator = await network();
    const code = await requestedPickup(simulator);
    await simulator.print(code);
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
    const timeline = await store.getTimeline('app-1');
    const captured = capturedCallback('/v1/callbacks/convenience-store');
    expect(captured.headers['x-kakehashi-signature']).toMatch(/^t=[0-9]+,v1=[0-9a-f]{64}$/);

    clock.advance(290_000);
    const replay = await proxy.replay(captured);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    expect(await store.getTimeline('app-1')).toEqual(timeline);

    clock.advance(11_000);
    const late = await proxy.replay(captured);
    expect(late.status).toBe(401);
    expect(await problemType(late)).toBe('/problems/callback-signature-expired');
    expect(await store.getTimeline('app-1')).toEqual(timeline);
  });

  it('is taken from a network still signing with the previous secret during rotation', async () => {
    const simulator = await network(RETIRED_STORE_NETWORK_SECRET);
    const code = await requestedPickup(simulator);
    await simulator.expire(code);
    expect((await store.getApplication('app-1'))?.status).toBe('expired');
  });

  it('is refused 401 from a network signing with a secret the gateway does not hold', async () => {
    const simulator = await network('store-network-callback-secret-unknown-000');
    const code = await requestedPickup(simulator);
    await expect(simulator.expire(code)).rejects.toMatchObject({ status: 401, problemType: '/problems/callback-signature-invalid' });
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
  });
});
