import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENTS } from '../../src/config.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { fixtureClock } from '../support/fixture-time.js';
import { withOtherClientUploads } from '../support/fixture-uploads.js';
import { validSample } from '../support/fixtures.js';
import { FRONTEND, OTHER_FRONTEND, STAFF, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';
import { SECOND_STAFF_CLIENT } from '../support/reviews.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const PROCEDURE = 'business-support-grant';
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
// long enough that a loaded machine does not time out a receiver that answers at once
const TIMEOUT_MS = 1_000;
const MAX_ATTEMPTS = 3;

interface Delivery {
  webhookId: string;
  status: string;
  state: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** Where one store kind keeps its data, so that a second gateway can open the same. */
interface StorePlace {
  open(): Promise<Store>;
  remove(): Promise<void>;
}

function sqlitePlace(): StorePlace {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-webhooks-'));
  return {
    open: async () => openSqliteStore({ path: join(directory, 'kakehashi.db') }),
    remove: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

function redisPlace(): StorePlace {
  const prefix = `kakehashi-test:${randomUUID()}:`;
  return {
    open: async () => createRedisStore({ redis: await connectTestRedis(), prefix }),
    remove: async () => {
      const janitor = await connectTestRedis();
      await deleteKeys(janitor, prefix);
      janitor.disconnect();
    },
  };
}

function gatewayOn(store: Store, receiver: WebhookReceiver): Promise<TestGateway> {
  const clients = [
    ...DEV_CLIENTS.map((client) => (client.id === 'dev-frontend' ? { ...client, webhook: { url: receiver.url, secret: SECRET, timeoutMs: TIMEOUT_MS } } : client)),
    { id: 'other-frontend', role: 'frontend' as const, key: 'other-frontend-key-0001' },
    SECOND_STAFF_CLIENT,
  ];
  return startTestGateway({
    store,
    config: { clients, webhooks: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 50, multiplier: 2, maxDelayMs: 200, pollIntervalMs: 20 } },
  });
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function deliveriesOf(gateway: TestGateway, id: string): Promise<Delivery[]> {
  const response = await gateway.app.request(`/v1/applications/${id}/webhook-deliveries`, { headers: FRONTEND });
  expect(response.status).toBe(200);
  return (await json(response)).deliveries as Delivery[];
}

async function submitGrant(gateway: TestGateway, headers: Record<string, string> = {}): Promise<string> {
  // the other frontend names its own copies of the sample's uploads: another client's upload is refused
  const sample = headers === OTHER_FRONTEND ? withOtherClientUploads(validSample(PROCEDURE)) : validSample(PROCEDURE);
  const response = await submit(gateway, sample, headers);
  expect(response.status).toBe(202);
  return (await json(response)).id as string;
}

describe.each([
  ['SQLite', sqlitePlace],
  ['Redis', redisPlace],
])('status webhooks with the %s store', (_kind, placeOf) => {
  let receiver: WebhookReceiver;
  let place: StorePlace;
  let gateway: TestGateway;
  const bodiesOf = (id: string) => receiver.received.filter((webhook) => (JSON.parse(webhook.body) as { id: string }).id === id);

  beforeAll(async () => {
    receiver = await WebhookReceiver.create(SECRET);
    await receiver.up();
    place = placeOf();
    gateway = await gatewayOn(await place.open(), receiver);
    gateway.webhooks.start();
  });
  afterAll(async () => {
    await gateway.dispose();
    await receiver.down();
    await place.remove();
  });

  it('pushes every status change in order, signed, with only id, procedure, status and at', async () => {
    const id = await submitGrant(gateway);
    await gateway.runner.runOnce(); // the review step: under-review
    const decision = await gateway.app.request(`/v1/admin/reviews/${id}/decision`, {
      method: 'POST',
      headers: { ...STAFF, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'reject', reason: '対象期間に営業していなかったため、対象外です。' }),
    });
    expect(decision.status).toBe(200);
    await gateway.runner.runOnce();
    expect((await gateway.store.getApplication(id))!.status).toBe('rejected');

    const deliveries = await eventually(() => deliveriesOf(gateway, id), (list) => list.length >= 3 && list.every((d) => d.state === 'delivered'), 'deliveries');
    const timeline = await gateway.store.getTimeline(id);
    const changes = timeline.map((entry) => entry.status).filter((status, index, all) => index === 0 || all[index - 1] !== status);
    expect(deliveries.map((d) => d.status)).toEqual(changes);
    expect(changes[0]).toBe('received');
    expect(changes).toContain('under-review');
    expect(changes.at(-1)).toBe('rejected');
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ state: 'delivered', attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null, deliveredAt: expect.any(String) });
    }

    const received = bodiesOf(id);
    expect(received.map((webhook) => webhook.id)).toEqual(deliveries.map((d) => d.webhookId));
    const application = (await gateway.store.getApplication(id))!;
    for (const webhook of received) {
      expect(webhook.signatureValid).toBe(true);
      expect(webhook.contentType).toBe('application/json');
      expect(Math.abs(webhook.timestamp - fixtureClock().getTime() / 1000)).toBeLessThan(60);
      const body = JSON.parse(webhook.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['at', 'id', 'procedure', 'status']);
      expect(body).toMatchObject({ id, procedure: PROCEDURE });
      // nothing of the form (names, addresses) leaves through the webhook
      expect(webhook.body).not.toContain((application.form['business'] as { name: string }).name);
    }
    expect(received.map((webhook) => (JSON.parse(webhook.body) as { status: string }).status)).toEqual(changes);
  });

  it('retries a receiver that answers 500 with the same webhook-id until it takes the change', async () => {
    receiver.mode = { status: 500 };
    const id = await submitGrant(gateway);
    const failing = await eventually(() => deliveriesOf(gateway, id), ([first]) => (first?.attempts ?? 0) >= 2, 'two failed attempts');
    expect(failing[0]).toMatchObject({ state: 'pending', lastStatusCode: 500, lastError: 'status 500', nextAttemptAt: expect.any(String), deliveredAt: null });
    receiver.mode = { status: 200 };
    const [delivered] = await eventually(() => deliveriesOf(gateway, id), ([first]) => first?.state === 'delivered', 'delivered');
    expect(delivered).toMatchObject({ lastStatusCode: 200, lastError: null });
    const received = bodiesOf(id);
    expect(received.length).toBe(delivered!.attempts);
    expect(new Set(received.map((webhook) => webhook.id))).toEqual(new Set([delivered!.webhookId]));
    expect(received.every((webhook) => webhook.signatureValid)).toBe(true);
  });

  it("holds an application's later changes back until the earlier one is delivered", async () => {
    // the first change is refused twice, then taken: decided at the receiver, so no poll of the test can miss the
    // moment; webhooks of earlier tests' applications still retrying are taken
    const earlier = new Set(receiver.received.map((webhook) => webhook.id.replace(/_[0-9]+$/, '')));
    receiver.mode = { status: 503, times: 2, only: (webhookId) => !earlier.has(webhookId.replace(/_[0-9]+$/, '')) };
    const id = await submitGrant(gateway);
    await gateway.runner.runOnce(); // the route starts: later changes behind the first
    const queued = (await deliveriesOf(gateway, id)).length;
    expect(queued).toBeGreaterThan(1);
    const [first, ...later] = await eventually(() => deliveriesOf(gateway, id), (list) => list.length === queued && list.every((d) => d.state === 'delivered'), 'all delivered');
    expect(first).toMatchObject({ attempts: 3 });
    // nothing later arrived while the first was refused, each change arrives once the one before it was taken, never before
    const arrivals = bodiesOf(id).map((webhook) => webhook.id);
    expect(arrivals.slice(0, 3)).toEqual([first!.webhookId, first!.webhookId, first!.webhookId]);
    const firstArrivals = [first!, ...later].map((delivery) => arrivals.indexOf(delivery.webhookId));
    expect(firstArrivals).toEqual([...firstArrivals].sort((a, b) => a - b));
    for (const delivery of later) expect(arrivals.filter((webhookId) => webhookId === delivery.webhookId)).toHaveLength(1);
  });

  it('delivers after the receiver comes back up', async () => {
    receiver.mode = { status: 204 };
    await receiver.down();
    const id = await submitGrant(gateway);
    const [refused] = await eventually(() => deliveriesOf(gateway, id), ([first]) => (first?.attempts ?? 0) >= 1, 'a refused attempt');
    expect(refused).toMatchObject({ state: 'pending', lastStatusCode: null, lastError: expect.stringMatching(/^connection failed/) });
    await receiver.up();
    await eventually(() => deliveriesOf(gateway, id), ([first]) => first?.state === 'delivered', 'delivered');
    expect(bodiesOf(id).length).toBe(1);
  });

  it('gives a slow receiver up after its timeout on every attempt, and marks the delivery failed', async () => {
    receiver.mode = { delayMs: TIMEOUT_MS * 3 };
    const id = await submitGrant(gateway);
    const [failed] = await eventually(() => deliveriesOf(gateway, id), ([first]) => first?.state === 'failed', 'failed');
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: null, lastError: 'timeout', nextAttemptAt: null, deliveredAt: null });
    receiver.mode = { status: 204 };
  });

  it("shows an application's deliveries only to the frontend that submitted it, and sends none for a client without a webhook", async () => {
    const id = await submitGrant(gateway);
    const path = `/v1/applications/${id}/webhook-deliveries`;
    const other = await gateway.app.request(path, { headers: OTHER_FRONTEND });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect((await json(other)).type).toBe('/problems/application-not-found');
    expect((await gateway.app.request(path, { headers: STAFF })).status).toBe(403);
    expect((await gateway.app.request(path)).status).toBe(401);
    const unknown = await gateway.app.request('/v1/applications/no-such-application/webhook-deliveries', { headers: FRONTEND });
    expect(unknown.status).toBe(404);

    const theirs = await submitGrant(gateway, OTHER_FRONTEND);
    await eventually(() => deliveriesOf(gateway, id), ([first]) => first?.state === 'delivered', 'the first client’s delivery');
    const listed = await gateway.app.request(`/v1/applications/${theirs}/webhook-deliveries`, { headers: OTHER_FRONTEND });
    expect(await json(listed)).toEqual({ deliveries: [] });
    expect(bodiesOf(theirs)).toEqual([]);
  });

  it('delivers a change recorded before a restart, by the gateway that starts next on the same store', async () => {
    const restartPlace = placeOf();
    try {
      const first = await gatewayOn(await restartPlace.open(), receiver);
      const id = await submitGrant(first);
      const [pending] = await deliveriesOf(first, id);
      expect(pending).toMatchObject({ state: 'pending', attempts: 0 });
      await first.dispose();

      const second = await gatewayOn(await restartPlace.open(), receiver);
      try {
        second.webhooks.start();
        const [delivered] = await eventually(() => deliveriesOf(second, id), ([only]) => only?.state === 'delivered', 'delivered after the restart');
        expect(delivered!.webhookId).toBe(pending!.webhookId);
        expect(bodiesOf(id).map((webhook) => webhook.id)).toEqual([pending!.webhookId]);
      } finally {
        await second.dispose();
      }
    } finally {
      await restartPlace.remove();
    }
  });
});
