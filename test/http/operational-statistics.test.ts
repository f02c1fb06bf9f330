import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/index.js';
import type { ApplicationStatus, DeliveryRecord, Store } from '../../src/store/types.js';
import { FRONTEND, STAFF, startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';
import { newApplication } from '../store/store-fixtures.js';

const DAY = '2026-12-01';

/** An application received at `receivedAt` that went through `later` statuses, each `seconds` after it was received. */
async function seedApplication(store: Store, procedureId: string, receivedAt: string, later: [ApplicationStatus, number][] = []): Promise<string> {
  const id = randomUUID();
  const base = newApplication(id);
  await store.createApplication({
    ...base,
    application: { ...base.application, procedureId, createdAt: receivedAt, updatedAt: receivedAt },
    timeline: [{ status: 'received', at: receivedAt, source: 'intake', detail: 'application received' }],
  });
  for (const [status, seconds] of later) {
    await store.appendTimeline(id, { status, at: new Date(Date.parse(receivedAt) + seconds * 1000).toISOString(), source: 'runner', detail: status });
  }
  return id;
}

async function seedDelivery(store: Store, applicationId: string, system: string, state: DeliveryRecord['state'], updatedAt: string): Promise<void> {
  await store.upsertDelivery({ applicationId, system, messageId: randomUUID(), state, attempts: state === 'acknowledged' ? 1 : 3, lastError: null, updatedAt });
}

/**
 * Around midnight in Japan: 2026-11-30T15:00Z is 2026-12-01 00:00 JST. Two
 * juminhyo-copy applications received on the 1st complete in 600 s and 1,200 s.
 */
async function seed(store: Store): Promise<void> {
  const lateOn30th = await seedApplication(store, 'juminhyo-copy', '2026-11-30T14:59:00.000Z');
  const firstOn1st = await seedApplication(store, 'juminhyo-copy', '2026-11-30T15:00:00.000Z', [['in-progress', 60], ['completed', 600], ['completed', 900]]);
  const issued = await seedApplication(store, 'juminhyo-copy', '2026-12-01T01:00:00.000Z', [['in-progress', 30], ['issued', 1200]]);
  const rejected = await seedApplication(store, 'moving-out', '2026-12-01T02:00:00.000Z', [['rejected', 300]]);
  await seedApplication(store, 'juminhyo-copy', '2026-11-20T01:00:00.000Z', [['completed', 5]]);
  await seedDelivery(store, firstOn1st, 'resident-registry', 'acknowledged', '2026-12-01T00:10:00.000Z');
  await seedDelivery(store, issued, 'tax', 'failed', '2026-12-01T02:00:00.000Z');
  await seedDelivery(store, rejected, 'welfare', 'dead', '2026-12-01T03:00:00.000Z');
  await seedDelivery(store, lateOn30th, 'tax', 'dead', '2026-11-30T16:00:00.000Z');
  await seedDelivery(store, lateOn30th, 'tax', 'acknowledged', '2026-11-30T14:00:00.000Z');
}

function get(gateway: TestGateway, path: string, headers: Record<string, string> = STAFF): Promise<Response> {
  return Promise.resolve(gateway.app.request(path, { headers }));
}

async function csvLines(response: Response): Promise<string[]> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').split('\r\n');
}

const redisPrefix = `kakehashi-test:${randomUUID()}:`;

describe.each([
  ['SQLite', async () => startTestGateway()],
  ['Redis', async () => startTestGateway({ store: createRedisStore({ redis: await connectTestRedis(), prefix: redisPrefix }) })],
])('operational statistics with the %s store', (kind, start) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await start();
    await seed(gateway.store);
  });
  afterAll(async () => {
    await gateway.dispose();
    if (kind === 'Redis') {
      const janitor = await connectTestRedis();
      await deleteKeys(janitor, redisPrefix);
      janitor.disconnect();
    }
  });

  it('counts applications per procedure and Japan day by status now, with the median time from received to completed', async () => {
    const response = await get(gateway, `/v1/admin/statistics/applications?from=${DAY}&to=${DAY}`);
    expect(response.status).toBe(200);
    const report = await json(response);
    expect(report).toMatchObject({ from: DAY, to: DAY });
    const procedure = (id: string) => report.procedures.find((candidate: { procedureId: string }) => candidate.procedureId === id);
    expect(procedure('juminhyo-copy')).toEqual({
      procedureId: 'juminhyo-copy',
      title: expect.objectContaining({ ja: expect.any(String) }),
      received: 2,
      byStatus: { completed: 1, issued: 1 },
      completed: 2,
      medianSecondsToComplete: 900,
      days: [{ day: DAY, received: 2, byStatus: { completed: 1, issued: 1 } }],
    });
    expect(procedure('moving-out')).toMatchObject({ received: 1, byStatus: { rejected: 1 }, completed: 0, medianSecondsToComplete: null });
    expect(procedure('child-allowance')).toMatchObject({ received: 0, days: [] });

    const twoDays = await json(await get(gateway, `/v1/admin/statistics/applications?from=2026-11-30&to=${DAY}`));
    const juminhyo = twoDays.procedures.find((candidate: { procedureId: string }) => candidate.procedureId === 'juminhyo-copy');
    expect(juminhyo.days.map((day: { day: string; received: number }) => [day.day, day.received])).toEqual([['2026-11-30', 1], [DAY, 2]]);
    expect(juminhyo.byStatus).toEqual({ received: 1, completed: 1, issued: 1 });
  });

  it('counts deliveries per system and Japan day of their latest change, failing and dead apart', async () => {
    const report = await json(await get(gateway, `/v1/admin/statistics/deliveries?from=${DAY}&to=${DAY}`));
    expect(report.systems).toEqual([
      { system: 'resident-registry', deliveries: 1, failing: 0, dead: 0, days: [{ day: DAY, deliveries: 1, failing: 0, dead: 0, byState: { acknowledged: 1 } }] },
      { system: 'tax', deliveries: 2, failing: 1, dead: 1, days: [{ day: DAY, deliveries: 2, failing: 1, dead: 1, byState: { dead: 1, failed: 1 } }] },
      { system: 'welfare', deliveries: 1, failing: 0, dead: 1, days: [{ day: DAY, deliveries: 1, failing: 0, dead: 1, byState: { dead: 1 } }] },
    ]);
  });

  it('exports both as CSV in UTF-8 with a BOM, by format=csv and by Accept', async () => {
    const applications = await get(gateway, `/v1/admin/statistics/applications?from=${DAY}&to=${DAY}&format=csv`);
    expect(applications.status).toBe(200);
    expect(applications.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(applications.headers.get('content-disposition')).toBe(`attachment; filename="applications-${DAY}-${DAY}.csv"`);
    const lines = await csvLines(applications);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['手続 procedure', '手続名 title', '受付日 day received', '受付件数 received']);
    const total = lines.find((line) => line.startsWith('juminhyo-copy,') && line.includes('合計 total'))!.split(',');
    expect(total[header.indexOf('受付件数 received')]).toBe('2');
    expect(total[header.indexOf('completed')]).toBe('1');
    expect(total[header.indexOf('issued')]).toBe('1');
    expect(total.at(-1)).toBe('900');

    const deliveries = await get(gateway, `/v1/admin/statistics/deliveries?from=${DAY}&to=${DAY}`, { ...STAFF, accept: 'text/csv' });
    expect(deliveries.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csvLines(deliveries)).toEqual([
      '連携先 system,日 day,配信件数 deliveries,pending,sent,acknowledged,failed,dead,失敗(再試行中) failing,失敗(断念) dead',
      `resident-registry,${DAY},1,0,0,1,0,0,0,0`,
      'resident-registry,合計 total,1,0,0,1,0,0,0,0',
      `tax,${DAY},2,0,0,0,1,1,1,1`,
      'tax,合計 total,2,0,0,0,1,1,1,1',
      `welfare,${DAY},1,0,0,0,0,1,0,1`,
      'welfare,合計 total,1,0,0,0,0,1,0,1',
      '',
    ]);
  });
});

describe('operational statistics: who may ask, and bad queries', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.dispose());

  it.each(['/v1/admin/statistics/applications', '/v1/admin/statistics/deliveries'])('serves %s to staff clients only', async (path) => {
    expect((await get(gateway, path, {})).status).toBe(401);
    expect((await get(gateway, path, FRONTEND)).status).toBe(403);
    const report = await json(await get(gateway, path));
    // by default the last 30 days up to today in Japan
    expect(report).toMatchObject({ from: '2026-11-02', to: DAY });
  });

  it.each([
    ['/v1/admin/statistics/applications?from=2026-02-30', 'query:from'],
    ['/v1/admin/statistics/applications?to=yesterday', 'query:to'],
    ['/v1/admin/statistics/applications?from=2025-01-01&to=2026-12-01', 'query:from'],
    ['/v1/admin/statistics/deliveries?from=2026-12-02&to=2026-12-01', 'query:from'],
    ['/v1/admin/statistics/deliveries?format=xlsx', 'query:format'],
  ])('answers %s with a 400 naming %s', async (path, pointer) => {
    const response = await get(gateway, path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(response)).toMatchObject({ type: '/problems/query-invalid', errors: [{ pointer }] });
  });

  it('is described in the OpenAPI document', async () => {
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(document.paths['/v1/admin/statistics/applications'].get.responses['200'].content).toHaveProperty('text/csv');
    expect(document.paths['/v1/admin/statistics/deliveries'].get.responses).toHaveProperty('400');
  });
});
