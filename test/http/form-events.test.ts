import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/index.js';
import { FRONTEND, STAFF, startTestGateway, type TestGateway } from '../support/gateway.js';
import { FIXTURE_NOW } from '../support/fixture-time.js';
import { json } from '../support/json.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';

const DAY = '2026-12-01';
const STATISTICS = `/v1/admin/statistics/form-events?procedureId=juminhyo-copy&from=${DAY}&to=${DAY}`;

/** `seconds` before the fixture clock's start (events must be recent). */
function at(secondsBefore: number): string {
  return new Date(FIXTURE_NOW.getTime() - secondsBefore * 1000).toISOString();
}

function send(gateway: TestGateway, body: unknown, headers: Record<string, string> = FRONTEND): Promise<Response> {
  return Promise.resolve(
    gateway.app.request('/v1/form-events', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  );
}

function statistics(gateway: TestGateway, query = STATISTICS, headers: Record<string, string> = STAFF): Promise<Response> {
  return Promise.resolve(gateway.app.request(query, { headers }));
}

interface Field {
  pointer: string;
  reached: number;
  left: number;
  errors: { code: string; sessions: number }[];
}

describe('POST /v1/form-events and GET /v1/admin/statistics/form-events', () => {
  let gateway: TestGateway;
  const gaveUp = randomUUID();
  const submitted = randomUUID();
  const visits = {
    events: [
      { session: gaveUp, procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(900) },
      { session: gaveUp, procedureId: 'juminhyo-copy', pointer: '/applicant/name', event: 'focus', at: at(890) },
      { session: gaveUp, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'focus', at: at(880) },
      { session: gaveUp, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'error', code: 'invalid-date', at: at(870) },
      { session: gaveUp, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'leave', at: at(860) },
      { session: submitted, procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(600) },
      { session: submitted, procedureId: 'juminhyo-copy', pointer: '/applicant/name', event: 'focus', at: at(590) },
      { session: submitted, procedureId: 'juminhyo-copy', pointer: '/request/members/1/name', event: 'focus', at: at(500) },
      { session: submitted, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'error', code: 'required', at: at(400) },
      { session: submitted, procedureId: 'juminhyo-copy', pointer: '', event: 'submit', at: at(330) },
    ],
  };

  beforeAll(async () => {
    gateway = await startTestGateway();
    const first = await send(gateway, visits);
    expect(first.status).toBe(202);
    expect(await json(first)).toEqual({ accepted: 10 });
  });
  afterAll(() => gateway.dispose());

  it('shows staff where residents give up: sessions, fields reached, errors by code, where they left, and the median time to submit', async () => {
    const response = await statistics(gateway);
    expect(response.status).toBe(200);
    const report = await json(response);
    expect(report).toMatchObject({ procedureId: 'juminhyo-copy', from: DAY, to: DAY, started: 2, submitted: 1, leftBeforeAnyField: 0 });
    // one submit 270 s after its first event: in the bucket 240–300 s, read at its middle
    expect(report.medianSecondsToSubmit).toBe(270);
    expect(report.timeToSubmit.find((bucket: { upToSeconds: number }) => bucket.upToSeconds === 300).sessions).toBe(1);
    const field = (pointer: string): Field => report.fields.find((candidate: Field) => candidate.pointer === pointer);
    expect(field('/applicant/name')).toMatchObject({ reached: 2, left: 0, errors: [] });
    expect(field('/applicant/birthDate')).toMatchObject({ reached: 1, left: 1 });
    expect(field('/applicant/birthDate').errors).toEqual(expect.arrayContaining([{ code: 'invalid-date', sessions: 1 }, { code: 'required', sessions: 1 }]));
    expect(field('/request/members/-/name')).toMatchObject({ reached: 1, label: { ja: '請求内容 › 必要な世帯員 › 氏名' } });
    expect(report.fields.map((candidate: Field) => candidate.pointer)[0]).toBe('/applicant/name');
    expect(report.days).toEqual([{ day: DAY, started: 2, submitted: 1, medianSecondsToSubmit: 270 }]);
  });

  it('counts a batch sent again only once', async () => {
    expect((await send(gateway, visits)).status).toBe(202);
    expect(await json(await statistics(gateway))).toMatchObject({ started: 2, submitted: 1 });
  });

  it('exports the report as CSV in UTF-8 with a BOM, by format=csv and by Accept', async () => {
    for (const [query, headers] of [
      [`${STATISTICS}&format=csv`, STAFF],
      [STATISTICS, { ...STAFF, accept: 'text/csv' }],
    ] as const) {
      const response = await statistics(gateway, query, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('vary')).toMatch(/Origin.*Accept|Accept.*Origin/i);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="form-events-juminhyo-copy-${DAY}-${DAY}.csv"`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toContain('pointer');
      expect(lines[1]).toBe('フォームを開いた,form opened,,2,100,0,,,');
      expect(lines).toContain('請求者 › 生年月日,Applicant › Date of birth,/applicant/birthDate,1,50,1,2,invalid-date:1 required:1,');
      expect(lines).toContain('送信した,submitted,,1,50,,,,270');
    }
  });

  it('refuses a batch with a bad item whole, naming each bad item, and records nothing of it', async () => {
    const session = randomUUID();
    const good = { session, procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(10) };
    const response = await send(gateway, {
      events: [
        good,
        { ...good, pointer: '/applicant/name', event: 'focus', value: '山田太郎' },
        { ...good, procedureId: 'no-such-procedure' },
        { ...good, pointer: '/applicant/nickname', event: 'focus' },
        { ...good, pointer: '/applicant/name', event: 'error' },
        { ...good, pointer: '/applicant/name', event: 'focus', code: 'required' },
        { ...good, at: at(2 * 24 * 3600) },
        { ...good, pointer: '/applicant/name', event: 'submit' },
        { ...good, session: 'short' },
        { ...good, event: 'scroll' },
        { ...good, pointer: '/applicant/name', event: 'error', code: 'made-up-code' },
      ],
    });
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.type).toBe('/problems/form-events-invalid');
    expect(problem.errors.map((issue: { pointer: string; code: string }) => [issue.pointer, issue.code])).toEqual(
      expect.arrayContaining([
        ['/events/1/value', 'unknown-field'],
        ['/events/8/session', 'invalid-format'],
        ['/events/9/event', 'not-in-list'],
        ['/events/10/code', 'not-in-list'],
      ]),
    );
    expect(JSON.stringify(problem)).not.toContain('山田');
    // the shape is checked first; with it right, the catalog checks name the rest
    const second = await json(
      await send(gateway, {
        events: [
          good,
          { ...good, procedureId: 'no-such-procedure' },
          { ...good, pointer: '/applicant/nickname', event: 'focus' },
          { ...good, pointer: '/applicant/name', event: 'error' },
          { ...good, pointer: '/applicant/name', event: 'focus', code: 'required' },
          { ...good, at: at(2 * 24 * 3600) },
          { ...good, at: at(-3600) },
          { ...good, pointer: '/applicant/name', event: 'submit' },
          { ...good, pointer: '', event: 'focus' },
        ],
      }),
    );
    expect(second.errors.map((issue: { pointer: string; code: string }) => [issue.pointer, issue.code])).toEqual([
      ['/events/1/procedureId', 'unknown-procedure'],
      ['/events/2/pointer', 'unknown-field'],
      ['/events/3/code', 'required'],
      ['/events/4/code', 'unknown-field'],
      ['/events/5/at', 'out-of-range'],
      ['/events/6/at', 'out-of-range'],
      ['/events/7/pointer', 'unknown-field'],
      ['/events/8/pointer', 'unknown-field'],
    ]);
    expect(await json(await statistics(gateway))).toMatchObject({ started: 2 });
  });

  it('bounds the batch: more than 500 events is one issue, an empty batch and a body that is not a batch are refused', async () => {
    const event = { session: randomUUID(), procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(10) };
    const tooMany = await send(gateway, { events: Array.from({ length: 501 }, () => event) });
    expect(tooMany.status).toBe(422);
    expect((await json(tooMany)).errors).toEqual([{ pointer: '/events', code: 'too-long', message: expect.any(String) }]);
    const empty = await send(gateway, { events: [] });
    expect(empty.status).toBe(422);
    expect((await json(empty)).errors[0].pointer).toBe('/events');
    const notJson = await send(gateway, '{"events": [');
    expect(notJson.status).toBe(400);
    const plain = await Promise.resolve(gateway.app.request('/v1/form-events', { method: 'POST', headers: { ...FRONTEND, 'content-type': 'text/plain' }, body: '{}' }));
    expect(plain.status).toBe(415);
    const huge = await send(gateway, JSON.stringify({ events: [event], padding: 'x'.repeat(200 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('takes events from frontend clients only, and statistics for staff only', async () => {
    const batch = { events: [{ session: randomUUID(), procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(10) }] };
    expect((await send(gateway, batch, {})).status).toBe(401);
    expect((await send(gateway, batch, STAFF)).status).toBe(403);
    expect((await statistics(gateway, STATISTICS, {})).status).toBe(401);
    expect((await statistics(gateway, STATISTICS, FRONTEND)).status).toBe(403);
  });

  it.each([
    ['/v1/admin/statistics/form-events', 'query:procedureId'],
    ['/v1/admin/statistics/form-events?procedureId=no-such-procedure', 'query:procedureId'],
    ['/v1/admin/statistics/form-events?procedureId=juminhyo-copy&from=2026-02-30', 'query:from'],
    ['/v1/admin/statistics/form-events?procedureId=juminhyo-copy&to=yesterday', 'query:to'],
    ['/v1/admin/statistics/form-events?procedureId=juminhyo-copy&from=2025-01-01&to=2026-12-01', 'query:from'],
    ['/v1/admin/statistics/form-events?procedureId=juminhyo-copy&from=2026-12-02&to=2026-12-01', 'query:from'],
    ['/v1/admin/statistics/form-events?procedureId=juminhyo-copy&format=xlsx', 'query:format'],
  ])('answers the statistics query %s with a 400 naming %s', async (query, pointer) => {
    const response = await statistics(gateway, query);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ type: '/problems/query-invalid', errors: [{ pointer }] });
  });

  it('reports the last 30 days by default, with every field at zero where nothing happened', async () => {
    const report = await json(await statistics(gateway, '/v1/admin/statistics/form-events?procedureId=moving-out'));
    expect(report).toMatchObject({ from: '2026-11-02', to: DAY, started: 0, submitted: 0, medianSecondsToSubmit: null, days: [] });
    expect(report.fields.length).toBeGreaterThan(3);
    expect(report.fields.every((field: Field) => field.reached === 0 && field.left === 0)).toBe(true);
  });

  it('is described in the OpenAPI document', async () => {
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(document.paths['/v1/form-events'].post.responses).toHaveProperty('422');
    expect(document.paths['/v1/admin/statistics/form-events'].get.responses['200'].content).toHaveProperty('text/csv');
  });
});

describe('form events over the rate limit', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: { rateLimits: { submissions: null, verifications: null, formEvents: { limit: 1, windowSeconds: 60, burst: 1 } } } });
  });
  afterAll(() => gateway.dispose());

  it('answers 429 with Retry-After once a frontend sent more batches than its limit', async () => {
    const batch = () => ({ events: [{ session: randomUUID(), procedureId: 'juminhyo-copy', pointer: '', event: 'view', at: at(10) }] });
    expect((await send(gateway, batch())).status).toBe(202);
    const limited = await send(gateway, batch());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(limited)).toMatchObject({ type: '/problems/rate-limited' });
  });
});

describe('form events with the Redis store', () => {
  let gateway: TestGateway;
  const prefix = `kakehashi-test:${randomUUID()}:`;
  beforeAll(async () => {
    gateway = await startTestGateway({ store: createRedisStore({ redis: await connectTestRedis(), prefix }) });
  });
  afterAll(async () => {
    await gateway.dispose();
    const janitor = await connectTestRedis();
    await deleteKeys(janitor, prefix);
    janitor.disconnect();
  });

  it('counts through the API as the SQLite store does: counts per day, and session state that expires', async () => {
    const session = randomUUID();
    const batch = {
      events: [
        { session, procedureId: 'child-allowance', pointer: '', event: 'view', at: at(200) },
        { session, procedureId: 'child-allowance', pointer: '/children/0/birthDate', event: 'focus', at: at(190) },
        { session, procedureId: 'child-allowance', pointer: '/children/1/birthDate', event: 'error', code: 'invalid-date', at: at(180) },
        { session, procedureId: 'child-allowance', pointer: '/children/1/birthDate', event: 'leave', at: at(170) },
      ],
    };
    expect((await send(gateway, batch)).status).toBe(202);
    expect((await send(gateway, batch)).status).toBe(202);
    const report = await json(await statistics(gateway, `/v1/admin/statistics/form-events?procedureId=child-allowance&from=${DAY}&to=${DAY}`));
    expect(report).toMatchObject({ started: 1, submitted: 0 });
    expect(report.fields.find((field: Field) => field.pointer === '/children/-/birthDate')).toMatchObject({ reached: 1, left: 1, errors: [{ code: 'invalid-date', sessions: 1 }] });
    const redis = await connectTestRedis();
    const counts = await redis.keys(`${prefix}form-counts:*`);
    expect(counts).toEqual([`${prefix}form-counts:child-allowance:${DAY}`]);
    expect(JSON.stringify(await redis.hgetall(counts[0]!))).not.toContain(session);
    expect(await redis.ttl(`${prefix}form-session:child-allowance:${session}`)).toBeGreaterThan(24 * 3600);
    redis.disconnect();
  });
});
