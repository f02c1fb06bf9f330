import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConvenienceStoreClient } from '../../../adapters/convenience-store/client.js';
import { GatewayCallError, startConvenienceStoreSimulator, type ConvenienceStoreSimulator } from '../../../adapters/convenience-store/simulator/index.js';
import type { Procedure } from '../../../src/catalog/procedure.js';
import { registerPickupRoutes } from '../../../src/http/routes/pickups.js';
import { createConvenienceStoreStep } from '../../../src/issuance/convenience-store/convenience-store-step.js';
import type { BuiltinStepInput } from '../../../src/runner/step-types.js';
import type { Store } from '../../../src/store/types.js';
import { capturingLogger, ManualClock, procedureWith, routeTestApp, seedApplication, temporaryStore } from '../../support/runner-harness.js';
import { testLookupGuard } from '../../support/pickup-lookup-guard.js';
import { tinyPdf } from './tiny-pdf.js';

const SECRET = 'e2e-callback-secret';
const PROCEDURE: Procedure = procedureWith('juminhyo-copy', [{ name: 'issue-certificate', action: 'issue-certificate' }]);

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let gateway: ServerType;
let gatewayUrl: string;
const simulators: ConvenienceStoreSimulator[] = [];

async function network(): Promise<ConvenienceStoreSimulator> {
  const simulator = await startConvenienceStoreSimulator({ apiKey: 'network-key', gatewayUrl, storeKey: 'dev-store-key', callbackSecret: SECRET, clock: () => clock.now() });
  simulators.push(simulator);
  return simulator;
}

/** Runs the step for a fresh application against `simulator`; returns the pickup code. */
async function requestPickup(simulator: ConvenienceStoreSimulator, applicationId: string): Promise<string> {
  await seedApplication(store, applicationId, PROCEDURE, clock.now());
  await store.updateApplication(applicationId, { issuance: { method: 'convenience-store' } }, clock.now().toISOString());
  const application = await store.getApplication(applicationId);
  if (!application) throw new Error('seeded application missing');
  const input: BuiltinStepInput = { application, procedure: PROCEDURE, step: PROCEDURE.route[0]!, results: {}, messageId: `${applicationId}:issue-certificate` };
  const step = createConvenienceStoreStep({
    store,
    issue: async ({ messageId }) => ({ certificateId: `cert-${messageId.split(':')[0]}` }),
    client: createConvenienceStoreClient({ baseUrl: simulator.url, apiKey: 'network-key', timeoutMs: 2_000 }),
    clock: clock.now,
    pickupValidityDays: 7,
    logger: capturingLogger().logger,
  });
  const outcome = await step(input);
  // The runner records the step's status change; here the test does.
  await store.appendTimeline(applicationId, { status: outcome.status ?? 'completed', at: clock.now().toISOString(), source: 'issue-certificate', detail: outcome.detail ?? '' });
  const code = /受付番号 ([0-9]{12})/.exec(outcome.detail ?? '')?.[1];
  if (!code) throw new Error('no pickup code in the detail');
  return code;
}

async function refusal(promise: Promise<unknown>): Promise<GatewayCallError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatewayCallError);
  return error as GatewayCallError;
}

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock(Date.parse('2026-04-01T10:00:00+09:00'));
  const app = routeTestApp((hono) => registerPickupRoutes(hono, { store, lookupGuard: testLookupGuard().guard, callbackSecrets: [SECRET], clock: clock.now, pdf: (certificateId) => tinyPdf(`certificate ${certificateId}`) }));
  await new Promise<void>((resolve) => {
    gateway = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const simulator of simulators.splice(0)) await simulator.close();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await dispose();
});

describe('convenience-store issuance end to end over real sockets', () => {
  it('request → kiosk fetches the PDF from the gateway once → signed printed callback → picked-up', async () => {
    const simulator = await network();
    const code = await requestPickup(simulator, 'app-1');
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');

    clock.advance(2 * 3_600_000);
    const { pdf } = await simulator.print(code);
    expect(pdf).toEqual(await tinyPdf('certificate cert-app-1'));
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
    expect((await store.getPickup(code))?.status).toBe('printed');

    const again = await refusal(simulator.print(code));
    expect(again).toMatchObject({ status: 409, problemType: '/problems/pickup-already-fetched' });
  });

  it('the network reports expiry → expired, and the document is gone', async () => {
    const simulator = await network();
    const code = await requestPickup(simulator, 'app-1');
    await simulator.expire(code);
    expect((await store.getApplication('app-1'))?.status).toBe('expired');
    expect(await refusal(simulator.print(code))).toMatchObject({ status: 410, problemType: '/problems/pickup-expired' });
  });

  it('after the expiry time the gateway answers 410 even before the network reports it', async () => {
    const simulator = await network();
    const code = await requestPickup(simulator, 'app-1');
    clock.advance(8 * 24 * 3_600_000);
    expect(await refusal(simulator.print(code))).toMatchObject({ status: 410 });
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
  });

  it('a frontend key is refused 403, no key 401, and the document stays fetchable for the network', async () => {
    const simulator = await network();
    const code = await requestPickup(simulator, 'app-1');
    const url = `${gatewayUrl}/v1/store-network/pickups/${code}/document`;
    expect((await fetch(url, { headers: { authorization: 'Bearer dev-frontend-key' } })).status).toBe(403);
    expect((await fetch(url)).status).toBe(401);
    await simulator.print(code);
    expect((await store.getApplication('app-1'))?.status).toBe('picked-up');
  });
});
