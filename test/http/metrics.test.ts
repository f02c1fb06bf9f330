import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { validSample } from '../support/fixtures.js';
import { FRONTEND, STAFF, newKey, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { approveReview } from '../support/reviews.js';

const PROCEDURE = 'business-support-grant';
const REQUESTS = 'kakehashi_http_requests_total';
const RECEIVED = 'kakehashi_applications_received_total';
const REPLAYS = 'kakehashi_idempotent_replays_total';
const REFUSED = 'kakehashi_submissions_refused_total';
const SUBMITTED_202 = { method: 'POST', route: '/v1/applications', status: '202' };

async function scrape(gateway: TestGateway): Promise<Sample[]> {
  const response = await gateway.app.request('/metrics', { headers: STAFF });
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

/** How much each of `series` ([name, labels]) moved while `action` ran. */
async function deltas(gateway: TestGateway, series: [string, Record<string, string>?][], action: () => Promise<void>): Promise<number[]> {
  const before = await scrape(gateway);
  await action();
  const after = await scrape(gateway);
  return series.map(([name, labels]) => sampleValue(after, name, labels) - sampleValue(before, name, labels));
}

describe('GET /metrics', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.dispose());

  it('is for staff only', async () => {
    const anonymous = await gateway.app.request('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(anonymous)).toMatchObject({ type: '/problems/authentication-required' });
    const frontend = await gateway.app.request('/metrics', { headers: FRONTEND });
    expect(frontend.status).toBe(403);
    expect(await json(frontend)).toMatchObject({ type: '/problems/role-not-allowed' });
  });

  it('serves the Prometheus text format, never cached, with the process metrics and the circuit breakers', async () => {
    const response = await gateway.app.request('/metrics', { headers: STAFF });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const samples = parseExposition(await response.text());
    const names = new Set(samples.map((sample) => sample.name));
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    expect(names).toContain('nodejs_heap_size_used_bytes');
    for (const system of ['resident-registry', 'tax', 'welfare']) {
      expect(samples).toContainEqual({ name: 'kakehashi_circuit_breaker_open', labels: { system }, value: 0 });
    }
  });

  it('is in the OpenAPI document', async () => {
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(Object.keys(document.paths['/metrics'].get.responses)).toEqual(['200', '401', '403']);
  });

  it('counts a recorded submission under its route pattern and procedure, and times it', async () => {
    const moved = await deltas(
      gateway,
      [[REQUESTS, SUBMITTED_202], [RECEIVED, { procedure: PROCEDURE }], ['kakehashi_http_request_duration_seconds_count', { method: 'POST', route: '/v1/applications' }], [REPLAYS]],
      async () => {
        expect((await submit(gateway, validSample(PROCEDURE))).status).toBe(202);
      },
    );
    expect(moved).toEqual([1, 1, 1, 0]);
  });

  it('counts a replay as a replay, not as a received application', async () => {
    const key = newKey();
    expect((await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key })).status).toBe(202);
    const moved = await deltas(gateway, [[REPLAYS], [RECEIVED, { procedure: PROCEDURE }], [REQUESTS, SUBMITTED_202]], async () => {
      const replay = await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });
    expect(moved).toEqual([1, 0, 1]);
  });

  it('counts refused submissions by problem type, whether intake or the route refused them', async () => {
    const refusals: [string, () => Promise<Response>][] = [
      ['submission-invalid', () => submit(gateway, { ...validSample(PROCEDURE), procedureId: 42 })],
      ['procedure-unknown', () => submit(gateway, { ...validSample(PROCEDURE), procedureId: 'no-such-procedure' })],
      ['idempotency-key-missing', () => Promise.resolve(gateway.app.request('/v1/applications', { method: 'POST', headers: { ...FRONTEND, 'content-type': 'application/json' }, body: '{}' }))],
      ['authentication-required', () => Promise.resolve(gateway.app.request('/v1/applications', { method: 'POST', body: '{}' }))],
    ];
    for (const [type, refuse] of refusals) {
      const moved = await deltas(gateway, [[REFUSED, { type }], [RECEIVED, { procedure: PROCEDURE }]], async () => {
        const response = await refuse();
        expect((await json(response)).type).toBe(`/problems/${type}`);
      });
      expect(moved, type).toEqual([1, 0]);
    }
  });

  it('labels a status request with its route pattern; the application id appears nowhere', async () => {
    const { id } = await json(await submit(gateway, validSample(PROCEDURE)));
    const before = await scrape(gateway);
    expect((await gateway.app.request(`/v1/applications/${id}`, { headers: STAFF })).status).toBe(200);
    expect((await gateway.app.request(`/v1/no-such-thing/${id}`, { headers: STAFF })).status).toBe(404);
    const response = await gateway.app.request('/metrics', { headers: STAFF });
    const text = await response.text();
    const after = parseExposition(text);

    const status200 = { method: 'GET', route: '/v1/applications/:id', status: '200' };
    expect(sampleValue(after, REQUESTS, status200) - sampleValue(before, REQUESTS, status200)).toBe(1);
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    expect(sampleValue(after, REQUESTS, unmatched) - sampleValue(before, REQUESTS, unmatched)).toBe(1);
    expect(text).not.toContain(id);
    const patterns = new Set([...gateway.app.routes.map((route) => route.path), 'unmatched']);
    for (const sample of after.filter(({ name }) => name === REQUESTS)) expect(patterns).toContain(sample.labels.route);
  });
});

describe('metrics of two gateways in one process', () => {
  let first: TestGateway;
  let second: TestGateway;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestGateway(), startTestGateway()]);
  });
  afterAll(() => Promise.all([first.dispose(), second.dispose()]));

  it('keep their own counts', async () => {
    const moved = await deltas(second, [[RECEIVED, { procedure: PROCEDURE }], [REQUESTS, SUBMITTED_202], ['kakehashi_jobs', { state: 'ready' }]], async () => {
      expect((await submit(first, validSample(PROCEDURE))).status).toBe(202);
    });
    expect(moved).toEqual([0, 0, 0]);
    const counted = await scrape(first);
    expect(sampleValue(counted, RECEIVED, { procedure: PROCEDURE })).toBe(1);
    expect(sampleValue(counted, REQUESTS, SUBMITTED_202)).toBe(1);
  });

  it('show the store’s jobs by state, and the route runner’s step outcomes', async () => {
    const { id } = await json(await submit(second, validSample(PROCEDURE)));
    const queued = await scrape(second);
    expect(['ready', 'leased', 'waiting', 'dead'].map((state) => sampleValue(queued, 'kakehashi_jobs', { state }))).toEqual([1, 0, 0, 0]);

    expect(await second.runner.runOnce()).toBe(1);
    const reviewing = await scrape(second);
    expect(reviewing.filter((sample) => sample.name === 'kakehashi_route_steps_total')).toEqual([
      { name: 'kakehashi_route_steps_total', labels: { system: 'review', outcome: 'waiting' }, value: 1 },
    ]);
    expect(sampleValue(reviewing, 'kakehashi_jobs', { state: 'waiting' })).toBe(1);

    await approveReview((path, init) => Promise.resolve(second.app.request(path, init)), id);
    expect(await second.runner.runOnce()).toBe(1);
    expect(await second.runner.runOnce()).toBe(1);
    const ran = await scrape(second);
    const steps = ran.filter((sample) => sample.name === 'kakehashi_route_steps_total' && sample.labels.system === 'welfare');
    expect(steps).toEqual([{ name: 'kakehashi_route_steps_total', labels: { system: 'welfare', outcome: 'completed' }, value: 1 }]);
    expect(sampleValue(ran, 'kakehashi_review_decisions_total', { decision: 'approve' })).toBe(2);
    expect((await second.store.getApplication(id))?.status).toBe('completed');
    expect(sampleValue(ran, 'kakehashi_jobs', { state: 'ready' })).toBe(0);
    expect(sampleValue(ran, 'kakehashi_circuit_breaker_open', { system: 'welfare' })).toBe(0);
  });
});
