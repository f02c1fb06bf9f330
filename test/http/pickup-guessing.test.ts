import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../src/catalog/procedure.js';
import { DEV_CLIENTS } from '../../src/config.js';
import { registerPickupRoutes } from '../../src/http/routes/pickups.js';
import type { RateLimiter } from '../../src/rate-limit/rate-limiter.js';
import { RedisRateLimiter } from '../../src/rate-limit/redis-rate-limiter.js';
import type { Store } from '../../src/store/types.js';
import { tinyPdf } from '../issuance/convenience-store/tiny-pdf.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { testLookupGuard } from '../support/pickup-lookup-guard.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';
import { capturingLogger, ManualClock, procedureWith, routeTestApp, seedApplication, temporaryStore } from '../support/runner-harness.js';

const STORE_KEY = 'Bearer dev-store-key';
const OTHER_STORE_KEY = 'Bearer other-store-key-0001';
const THIRD_STORE_KEY = 'Bearer third-store-key-0001';
const CLIENTS = [
  ...DEV_CLIENTS,
  { id: 'other-store', role: 'store-network' as const, key: 'other-store-key-0001' },
  { id: 'third-store', role: 'store-network' as const, key: 'third-store-key-0001' },
];
const DOCUMENT_ROUTE = '/v1/store-network/pickups/:code/document';

/** `count` random 12-digit codes, none of them twice. */
function randomCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(String(randomInt(0, 1_000_000_000_000)).padStart(12, '0'));
  return [...codes];
}

function fetchAt(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, code: string, terminal: string | undefined, key = STORE_KEY) {
  const headers: Record<string, string> = { authorization: key };
  if (terminal !== undefined) headers['x-store-terminal'] = terminal;
  return Promise.resolve(app.request(`/v1/store-network/pickups/${code}/document`, { headers }));
}

/** The statuses of concurrent fetches, in ascending order. */
async function statusesOf(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((response) => response.status).sort();
}

describe('guessing pickup codes at the gateway (default limits: 5 failures at once per terminal, 60 per client)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: { clients: CLIENTS } });
  });
  afterAll(() => gateway.dispose());

  it('answers 300 random codes from one terminal with 5 × 404, then 429 with Retry-After; other terminals and clients keep their own budget', async () => {
    const codes = randomCodes(300);
    const statuses: number[] = [];
    for (const code of codes) statuses.push((await fetchAt(gateway.app, code, 'kiosk-guess')).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);

    const refused = await fetchAt(gateway.app, codes[0]!, 'kiosk-guess');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ type: '/problems/pickup-lookups-limited', status: 429 });

    // another terminal of the same client, and another client's terminal of the same name: their own 5 each
    expect(await statusesOf(randomCodes(6).map((code) => fetchAt(gateway.app, code, 'kiosk-other')))).toEqual([404, 404, 404, 404, 404, 429]);
    expect(await statusesOf(randomCodes(6).map((code) => fetchAt(gateway.app, code, 'kiosk-guess', OTHER_STORE_KEY)))).toEqual([404, 404, 404, 404, 404, 429]);

    const samples = parseExposition(await (await gateway.app.request('/metrics', { headers: { authorization: 'Bearer dev-staff-key' } })).text());
    expect(sampleValue(samples, 'kakehashi_pickup_guesses_refused_total', { client: 'dev-store-network', limit: 'terminal-limit' })).toBe(297);
    expect(sampleValue(samples, 'kakehashi_pickup_guesses_refused_total', { client: 'other-store', limit: 'terminal-limit' })).toBe(1);
    expect(sampleValue(samples, 'kakehashi_pickup_lookups_failed_total', { client: 'dev-store-network' })).toBe(10);

    const log = gateway.logLines().join('\n');
    for (const code of codes) expect(log).not.toContain(code);
    const requestLines = gateway.logLines().filter((line) => line.includes('"msg":"request"') && line.includes('store-network/pickups'));
    expect(requestLines.length).toBeGreaterThanOrEqual(301);
    expect(requestLines.every((line) => line.includes(`"path":"${DOCUMENT_ROUTE}"`))).toBe(true);
  });

  it("refuses every terminal once the client's budget of 60 is spent", async () => {
    const statuses: number[] = [];
    for (let terminal = 0; terminal < 12; terminal += 1) {
      for (const code of randomCodes(5)) statuses.push((await fetchAt(gateway.app, code, `kiosk-budget-${terminal}`, THIRD_STORE_KEY)).status);
    }
    expect(statuses.every((status) => status === 404)).toBe(true);
    const fresh = await fetchAt(gateway.app, randomCodes(1)[0]!, 'kiosk-never-used', THIRD_STORE_KEY);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
    const samples = parseExposition(await (await gateway.app.request('/metrics', { headers: { authorization: 'Bearer dev-staff-key' } })).text());
    expect(sampleValue(samples, 'kakehashi_pickup_guesses_refused_total', { client: 'third-store', limit: 'client-limit' })).toBe(1);
    // another client's budget is untouched
    expect((await fetchAt(gateway.app, randomCodes(1)[0]!, 'kiosk-fresh')).status).toBe(404);
  });

  it('describes the terminal header and the new answers in the OpenAPI document', async () => {
    const document = (await (await gateway.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; in: string; required?: boolean }[]; responses: Record<string, unknown> } }>;
    };
    const fetch = document.paths['/v1/store-network/pickups/{code}/document']!.get;
    expect(fetch.parameters).toContainEqual(expect.objectContaining({ name: 'x-store-terminal', in: 'header', required: true }));
    expect(Object.keys(fetch.responses)).toEqual(expect.arrayContaining(['400', '404', '410', '429', '503']));
  });

  it('answers a fetch without a terminal, or with a malformed one, 400 naming the header, before looking anything up', async () => {
    for (const terminal of [undefined, '', 'kiosk with spaces', 'x'.repeat(65), 'kiosk/0001']) {
      const response = await fetchAt(gateway.app, '123456789012', terminal);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as { type: string; errors: { pointer: string; code: string }[] };
      expect(problem.type).toBe('/problems/store-terminal-invalid');
      expect(problem.errors[0]).toMatchObject({ pointer: 'header:X-Store-Terminal', code: terminal === undefined ? 'required' : 'invalid-format' });
    }
  });
});

describe('failed lookups shared by gateway processes through Redis', () => {
  const prefix = `kakehashi-test:${randomUUID()}:`;
  const gateways: TestGateway[] = [];
  afterAll(async () => {
    for (const gateway of gateways) await gateway.dispose();
    const janitor = await connectTestRedis();
    await deleteKeys(janitor, prefix);
    janitor.disconnect();
  });

  it('gives a terminal one budget of 5 across two gateways', async () => {
    for (let n = 0; n < 2; n += 1) gateways.push(await startTestGateway({ rateLimiter: new RedisRateLimiter(await connectTestRedis(), prefix) }));
    const [one, two] = gateways as [TestGateway, TestGateway];
    const statuses: number[] = [];
    for (const [index, code] of randomCodes(8).entries()) statuses.push((await fetchAt(index % 2 === 0 ? one.app : two.app, code, 'kiosk-shared')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
  });
});

describe('pickup codes and their check parts', () => {
  const PROCEDURE: Procedure = procedureWith('juminhyo-copy', [{ name: 'issue-certificate', action: 'issue-certificate' }]);
  const CODE = '123456789012';
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: ManualClock;
  let logged: () => string[];
  let app: ReturnType<typeof routeTestApp>;
  let scrape: () => Promise<string>;

  function build(limiter?: RateLimiter): void {
    const { guard, registry } = testLookupGuard(limiter ? { limiter } : {});
    const capture = capturingLogger();
    logged = capture.lines;
    scrape = () => registry.metrics();
    app = routeTestApp(
      (hono) => registerPickupRoutes(hono, { store, lookupGuard: guard, callbackSecrets: ['store-network-callback-secret'], clock: clock.now, pdf: (id) => tinyPdf(`certificate ${id}`) }),
      capture.logger,
    );
  }

  async function seedPickup(applicationId: string, code: string): Promise<void> {
    await seedApplication(store, applicationId, PROCEDURE, clock.now());
    const now = clock.now().toISOString();
    await store.savePickup({
      code,
      certificateId: `cert-${applicationId}`,
      applicationId,
      requestId: `${applicationId}:issue-certificate`,
      certificateType: 'juminhyo-copy',
      copies: 1,
      fee: 300,
      expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      status: 'requested',
      notBefore: now,
      fetchedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** `count` codes with the pickup number of `code` and another check part. */
  function wrongCheckParts(code: string, count: number): string[] {
    return Array.from({ length: count }, (_, n) => `${code.slice(0, 8)}${String((Number(code.slice(8)) + n + 1) % 10_000).padStart(4, '0')}`);
  }

  beforeEach(() => {
    ({ store, dispose } = temporaryStore());
    clock = new ManualClock();
    build();
  });
  afterEach(() => dispose());

  it("hands the holder the document after 4 wrong check parts, and the holder's fetch uses none of the terminal's budget", async () => {
    await seedPickup('app-1', CODE);
    await seedPickup('app-2', '876543210987');
    for (const wrong of wrongCheckParts(CODE, 4)) expect((await fetchAt(app, wrong, 'kiosk-0001')).status).toBe(404);
    const holder = await fetchAt(app, CODE, 'kiosk-0001');
    expect(holder.status).toBe(200);
    expect(holder.headers.get('content-type')).toBe('application/pdf');
    // the terminal spent 4 of its 5: a right code still fits, then one more wrong one, then none
    expect((await fetchAt(app, '876543210987', 'kiosk-0001')).status).toBe(200);
    expect((await fetchAt(app, randomCodes(1)[0]!, 'kiosk-0001')).status).toBe(404);
    expect((await fetchAt(app, randomCodes(1)[0]!, 'kiosk-0001')).status).toBe(429);
  });

  it('locks a code after 5 wrong check parts from 5 terminals: the right code then gets 410 pickup-locked, wrong ones still 404', async () => {
    await seedPickup('app-1', CODE);
    const wrong = wrongCheckParts(CODE, 6);
    for (const [terminal, code] of wrong.slice(0, 5).entries()) expect((await fetchAt(app, code, `kiosk-${terminal}`)).status).toBe(404);

    const holder = await fetchAt(app, CODE, 'kiosk-holder');
    expect(holder.status).toBe(410);
    expect(holder.headers.get('content-type')).toContain('application/problem+json');
    expect(await holder.json()).toMatchObject({ type: '/problems/pickup-locked', status: 410 });
    expect(await store.getPickup(CODE)).toMatchObject({ status: 'expired', fetchedAt: null });
    expect((await fetchAt(app, wrong[5]!, 'kiosk-holder')).status).toBe(404);
    // the resident learns why the code stopped working, once
    expect(await store.getApplication('app-1')).toMatchObject({ status: 'expired' });
    const timeline = await store.getTimeline('app-1');
    expect(timeline.filter((entry) => entry.status === 'expired')).toHaveLength(1);
    expect(timeline.at(-1)).toMatchObject({ status: 'expired', source: 'convenience-store', detail: expect.stringContaining('locked after repeated wrong entries') });

    const samples = parseExposition(await scrape());
    expect(sampleValue(samples, 'kakehashi_pickup_codes_locked_total', { client: 'dev-store-network' })).toBe(1);
    expect(sampleValue(samples, 'kakehashi_pickup_guesses_refused_total', { client: 'dev-store-network', limit: 'code-locked' })).toBe(1);
    const log = logged().join('\n');
    expect(log).toContain('"event":"pickup-code-locked"');
    expect(log).toContain('"certificateId":"cert-app-1"');
    for (const code of [CODE, ...wrong]) expect(log).not.toContain(code);
    expect(log).not.toContain(CODE.slice(0, 8));
  });

  it('refuses every lookup with 503 pickup-lookups-unavailable while the limiter does not answer', async () => {
    await seedPickup('app-1', CODE);
    build({
      take: async () => {
        throw new Error('connection refused');
      },
      giveBack: async () => undefined,
      close: async () => undefined,
    });
    const response = await fetchAt(app, CODE, 'kiosk-0001');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ type: '/problems/pickup-lookups-unavailable' });
    expect(await store.getPickup(CODE)).toMatchObject({ status: 'requested' });
  });
});
