import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/gateway.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { connectRedis } from '../../src/store/redis/connect.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { seedFixtureUploads } from '../support/fixture-uploads.js';
import { validSample } from '../support/fixtures.js';
import { FRONTEND, newKey, STAFF, startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { startOwnPostgresServer, type OwnPostgresServer } from '../support/postgres-server.js';
import { startOwnRedisServer, type OwnRedisServer } from '../support/redis-server.js';
import { fillableDisk, readOnlyDatabase, type FillableDisk } from '../support/small-filesystem.js';

/** A gateway listening on a real port over `store`. */
async function serve(store: TestGateway['store']): Promise<{ gateway: TestGateway; url: string; stop: () => Promise<void> }> {
  const gateway = await startTestGateway({ store });
  const { server, port } = await listen(gateway, { ...gateway.config, host: '127.0.0.1', port: 0 });
  return {
    gateway,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        (server as Server).close(() => resolve());
        (server as Server).closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}

function post(url: string, body: unknown, key = newKey()): Promise<Response> {
  return fetch(`${url}/v1/applications`, {
    method: 'POST',
    headers: { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

async function metric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${url}/metrics`, { headers: STAFF });
  return sampleValue(parseExposition(await response.text()), name, labels);
}

const events = (gateway: TestGateway, event: string) => gateway.logLines().filter((line) => (JSON.parse(line) as { event?: string }).event === event);

/**
 * Strings from the sample's form that are personal data: none may reach a log line.
 * Shorter ones (a branch code such as 411) identify nobody, and turn up by chance in request ids.
 */
function personalValues(body: Record<string, unknown>): string[] {
  const values: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && value.length >= 5) values.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(body.form);
  return values;
}

async function expectStorageUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  const problem = await json(response);
  expect(problem.type).toMatch(/\/problems\/storage-unavailable$/);
  expect(problem.status).toBe(503);
}

describe('a full disk under the SQLite store', () => {
  let disk: FillableDisk;
  let live: Awaited<ReturnType<typeof serve>>;
  const body = validSample('business-support-grant');

  beforeAll(async () => {
    disk = fillableDisk();
    live = await serve(disk.store);
  });
  afterAll(async () => {
    try {
      await live?.stop();
    } finally {
      await disk?.dispose();
    }
  });

  it('refuses writes with 503 storage-unavailable, is unready, logs one line, and recovers once space is freed', async () => {
    const { url, gateway } = live;
    expect((await post(url, body)).status).toBe(202);

    disk.fill();
    const refusedKey = newKey();
    await expectStorageUnavailable(await post(url, body, refusedKey));
    for (let i = 0; i < 4; i++) await expectStorageUnavailable(await post(url, body));
    await Promise.all(Array.from({ length: 5 }, async () => expectStorageUnavailable(await post(url, body))));

    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    expect(unready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(unready)).toMatchObject({ type: '/problems/storage-unavailable', state: 'not-ready', checks: [{ name: 'store', ok: false }, { name: 'revocation', ok: true }] });
    expect(await metric(url, 'kakehashi_store_available')).toBe(0);
    expect(await metric(url, 'kakehashi_store_unavailable_total', { reason: 'disk-full' })).toBeGreaterThanOrEqual(10);

    const opened = events(gateway, 'store-unavailable');
    expect(opened).toHaveLength(1);
    expect(JSON.parse(opened[0]!)).toMatchObject({ level: 50, reason: 'disk-full', driverCode: expect.stringMatching(/^SQLITE_FULL/) });
    expect(opened[0]).not.toContain('stack');
    expect(gateway.logLines().filter((line) => line.includes('unhandled error') || line.includes('group commit failed'))).toEqual([]);

    disk.free();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await metric(url, 'kakehashi_store_available')).toBe(1);
    const closed = events(gateway, 'store-available');
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0]!)).toMatchObject({ level: 30, reason: 'disk-full', failures: expect.any(Number), durationMs: expect.any(Number) });
    expect(JSON.parse(closed[0]!).failures).toBeGreaterThanOrEqual(10);

    const retried = await post(url, body, refusedKey);
    expect(retried.status).toBe(202);
    const recorded = new Database(disk.databasePath, { readonly: true });
    try {
      expect(recorded.prepare('SELECT count(*) FROM applications').pluck().get()).toBe(2);
    } finally {
      recorded.close();
    }

    const logged = gateway.logLines().join('\n');
    for (const value of personalValues(body)) expect(logged).not.toContain(value);
  });
});

describe('a read-only database', () => {
  let database: Awaited<ReturnType<typeof readOnlyDatabase>>;
  let live: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    database = await readOnlyDatabase();
    live = await serve(database.store);
  });
  afterAll(async () => {
    try {
      await live?.stop();
    } finally {
      await database?.dispose();
    }
  });

  it('refuses every write with 503 storage-unavailable and stays unready, logging the incident once', async () => {
    const { url, gateway } = live;
    for (let i = 0; i < 3; i++) await expectStorageUnavailable(await post(url, validSample('business-support-grant')));
    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await json(unready)).toMatchObject({ type: '/problems/storage-unavailable' });
    expect(await metric(url, 'kakehashi_store_unavailable_total', { reason: 'read-only' })).toBeGreaterThanOrEqual(3);
    const opened = events(gateway, 'store-unavailable');
    expect(opened).toHaveLength(1);
    expect(JSON.parse(opened[0]!)).toMatchObject({ reason: 'read-only', driverCode: expect.stringMatching(/^SQLITE_READONLY/) });
  });
});

describe('an unreachable Redis store', () => {
  let redis: OwnRedisServer;
  let live: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    redis = await startOwnRedisServer();
    live = await serve(createRedisStore({ redis: await connectRedis(`redis://127.0.0.1:${redis.port}`), prefix: 'kakehashi-unreachable:' }));
  });
  afterAll(async () => {
    await redis?.start();
    try {
      await live?.stop();
    } finally {
      await redis?.stop();
    }
  });

  it('answers 503 storage-unavailable while the server is down, and recovers without restarting the gateway', async () => {
    const { url, gateway } = live;
    const body = validSample('business-support-grant');
    expect((await post(url, body)).status).toBe(202);

    await redis.stop();
    const refusedKey = newKey();
    await expectStorageUnavailable(await post(url, body, refusedKey));
    await expectStorageUnavailable(await post(url, body));
    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await json(unready)).toMatchObject({ type: '/problems/storage-unavailable' });
    expect(await metric(url, 'kakehashi_store_unavailable_total', { reason: 'unreachable' })).toBeGreaterThanOrEqual(2);
    expect(events(gateway, 'store-unavailable')).toHaveLength(1);
    expect(JSON.parse(events(gateway, 'store-unavailable')[0]!)).toMatchObject({ reason: 'unreachable' });
    expect(gateway.logLines().filter((line) => line.includes('unhandled error'))).toEqual([]);

    await redis.start();
    let ready = 503;
    for (const deadline = Date.now() + 10_000; ready !== 200 && Date.now() < deadline; ) {
      ready = (await fetch(`${url}/readyz`)).status;
      if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ready).toBe(200);
    expect(events(gateway, 'store-available')).toHaveLength(1);
    // The restarted server kept nothing (no persistence), the sample's uploads included: what matters is that the gateway writes to it again.
    await seedFixtureUploads(gateway.store);
    expect((await post(url, body, refusedKey)).status).toBe(202);
  }, 30_000);
});

/** Polls readyz until it answers 200, for up to 15 s; returns the last status. */
async function readyAgain(url: string): Promise<number> {
  let ready = 503;
  for (const deadline = Date.now() + 15_000; ready !== 200 && Date.now() < deadline; ) {
    ready = (await fetch(`${url}/readyz`)).status;
    if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return ready;
}

describe('a PostgreSQL store whose server stops, or drops the connections', () => {
  let server: OwnPostgresServer;
  let live: Awaited<ReturnType<typeof serve>>;
  const body = validSample('business-support-grant');

  beforeAll(async () => {
    server = await startOwnPostgresServer();
    const store = await openPostgresStore({ url: server.url, maxConnections: 4 });
    await seedFixtureUploads(store);
    live = await serve(store);
  }, 30_000);
  afterAll(async () => {
    await server?.start().catch(() => undefined);
    try {
      await live?.stop();
    } finally {
      await server?.remove();
    }
  });

  it('answers 503 storage-unavailable with Retry-After while the server is stopped, is unready, and recovers without restarting the gateway', async () => {
    const { url, gateway } = live;
    expect((await post(url, body)).status).toBe(202);

    await server.stop();
    const refusedKey = newKey();
    await expectStorageUnavailable(await post(url, body, refusedKey));
    await expectStorageUnavailable(await post(url, body));
    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await json(unready)).toMatchObject({ type: '/problems/storage-unavailable' });
    expect(events(gateway, 'store-unavailable')).toHaveLength(1);
    expect(JSON.parse(events(gateway, 'store-unavailable')[0]!)).toMatchObject({ reason: 'unreachable' });
    expect(gateway.logLines().filter((line) => line.includes('unhandled error'))).toEqual([]);

    await server.start();
    expect(await readyAgain(url)).toBe(200);
    expect(events(gateway, 'store-available')).toHaveLength(1);
    // The refused request left nothing behind: the same key is a first submission now.
    const accepted = await post(url, body, refusedKey);
    expect(accepted.status).toBe(202);
    expect(await gateway.store.getApplication(((await json(accepted)) as { id: string }).id)).not.toBeNull();
  }, 60_000);

  it('loses no accepted application when every connection of the gateway is terminated', async () => {
    const { url, gateway } = live;
    const admin = await openPostgresStore({ url: server.url, maxConnections: 1 });
    try {
      const before = await Promise.all(Array.from({ length: 10 }, () => post(url, body)));
      // Between two waves, not during one: a session terminated during postgres.js 3.4.9's type query on connect leaves a rejection no caller can catch.
      await terminateGatewayConnections(server.url);
      const responses = [...before, ...(await Promise.all(Array.from({ length: 10 }, () => post(url, body))))];
      for (const response of responses) expect([202, 503]).toContain(response.status);
      for (const response of responses.filter((candidate) => candidate.status === 202)) {
        expect(await admin.getApplication(((await json(response)) as { id: string }).id)).not.toBeNull();
      }
      expect(await readyAgain(url)).toBe(200);
      expect((await post(url, body)).status).toBe(202);
      expect(gateway.logLines().filter((line) => line.includes('unhandled error'))).toEqual([]);
    } finally {
      await admin.close();
    }
  }, 60_000);
});

/** What an operator's `pg_terminate_backend` does: ends every session of the gateway (application_name kakehashi). */
async function terminateGatewayConnections(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kakehashi' AND pid <> pg_backend_pid()`;
  } finally {
    await admin.end({ timeout: 1 });
  }
}
