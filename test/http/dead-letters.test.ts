import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../src/http/env.js';
import { registerDeadLetterRoutes } from '../../src/http/routes/dead-letters.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { ManualClock, ScriptedAdapter, catalogOf, drain, procedureWith, routeTestApp, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const MY_NUMBER = '123456789018';
const procedure = procedureWith('tax-certificate', [
  { name: 'find-resident', action: 'request', system: 'resident-registry' },
  { name: 'tax-record', action: 'request', system: 'tax' },
]);
const catalog = catalogOf(procedure);
const STAFF = { authorization: 'Bearer dev-staff-key' };
/** A second staff client: dead-letter actions need two. */
const STAFF_2 = { authorization: 'Bearer dev-staff-2-key' };
const FRONTEND = { authorization: 'Bearer dev-frontend-key' };
const STORE_NETWORK = { authorization: 'Bearer dev-store-key' };

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let tax: ScriptedAdapter;
let runner: RouteRunner;
let app: OpenAPIHono<AppEnv>;

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  const registry = new ScriptedAdapter('resident-registry', { kind: 'done', result: { myNumber: MY_NUMBER, name: '山田太郎' } });
  tax = new ScriptedAdapter('tax', { kind: 'done' });
  runner = new RouteRunner(runnerOptions(store, catalog, [registry, tax], clock));
  app = routeTestApp((app) => registerDeadLetterRoutes(app, { store, catalog, runner, clock: clock.now }));
  for (const id of ['app-1', 'app-2']) {
    await seedApplication(store, id, procedure, clock.now(), { myNumber: MY_NUMBER, name: { family: '山田', given: '太郎' } });
    tax.then({ kind: 'permanent' });
    await drain(runner);
    clock.advance(1_000);
  }
});
afterEach(async () => {
  await dispose();
});

function post(path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers, ...(body === undefined ? {} : { body }) }));
}

describe('GET /v1/admin/dead-letters', () => {
  it('lists dead letters with their reason for staff, and no payload or form data', async () => {
    const response = await app.request('/v1/admin/dead-letters', { headers: STAFF });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(MY_NUMBER);
    expect(text).not.toContain('山田');
    expect(JSON.parse(text)).toEqual({
      items: ['app-1', 'app-2'].map((id) => ({
        id: `${id}:1`,
        applicationId: id,
        procedureId: 'tax-certificate',
        step: 'tax-record',
        system: 'tax',
        reason: 'upstream-refused: tax refused the message as malformed.',
        attempts: 1,
        updatedAt: expect.any(String),
        pending: null,
      })),
      next: null,
    });
    // the payload the listing must not show does hold the personal data
    expect(JSON.stringify((await store.getJob('app-1:1'))!.payload)).toContain(MY_NUMBER);
  });

  it('pages with limit and after', async () => {
    const first = (await (await app.request('/v1/admin/dead-letters?limit=1', { headers: STAFF })).json()) as { items: { id: string }[]; next: string };
    expect(first.items.map((item) => item.id)).toEqual(['app-1:1']);
    expect(first.next).toBe('app-1:1');
    const second = (await (await app.request(`/v1/admin/dead-letters?limit=1&after=${encodeURIComponent(first.next)}`, { headers: STAFF })).json()) as { items: { id: string }[] };
    expect(second.items.map((item) => item.id)).toEqual(['app-2:1']);
  });

  it.each(['0', '101', '-1', '1.5', 'abc', '9'.repeat(400)])('refuses limit=%s with a problem', async (limit) => {
    const response = await app.request(`/v1/admin/dead-letters?limit=${limit}`, { headers: STAFF });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('query:limit');
  });
});

describe('dead letters: who may', () => {
  const calls: [string, (headers: Record<string, string>) => Promise<Response>][] = [
    ['list', (headers) => Promise.resolve(app.request('/v1/admin/dead-letters', { headers }))],
    ['replay', (headers) => post('/v1/admin/dead-letters/app-1:1/replay', headers)],
    ['discard', (headers) => post('/v1/admin/dead-letters/app-1:1/discard', { ...headers, 'content-type': 'application/json' }, '{"reason":"x"}')],
    ['approve', (headers) => post('/v1/admin/dead-letters/app-1:1/approve', headers)],
  ];
  it.each(calls)('%s: anonymous 401, frontend and store network 403, nothing changed', async (_name, call) => {
    expect((await call({})).status).toBe(401);
    expect((await call(FRONTEND)).status).toBe(403);
    expect((await call(STORE_NETWORK)).status).toBe(403);
    expect((await call({ authorization: 'Bearer not-a-key' })).status).toBe(401);
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');
    expect(await store.getDeadLetterRequest('app-1:1')).toBeNull();
  });
});

describe('POST /v1/admin/dead-letters/{id}/replay, then …/approve by someone else', () => {
  it('moves nothing until a second staff client approves; then the runner delivers it and the application completes', async () => {
    const response = await post('/v1/admin/dead-letters/app-1:1/replay', STAFF);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: 'app-1:1', state: 'awaiting-approval', pending: { action: 'replay', reason: null, requestedBy: 'dev-staff', requestedAt: clock.now().toISOString() } });
    await drain(runner);
    expect(tax.callsFor('app-1:tax-record')).toBe(1);
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');
    const listed = (await (await app.request('/v1/admin/dead-letters', { headers: STAFF })).json()) as { items: { id: string; pending: unknown }[] };
    expect(listed.items.map((item) => [item.id, item.pending === null])).toEqual([['app-1:1', false], ['app-2:1', true]]);

    const self = await post('/v1/admin/dead-letters/app-1:1/approve', STAFF);
    expect(self.status).toBe(403);
    expect(((await self.json()) as { type: string }).type).toBe('/problems/four-eyes-required');
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');

    const approved = await post('/v1/admin/dead-letters/app-1:1/approve', STAFF_2);
    expect(approved.status).toBe(202);
    expect(await approved.json()).toEqual({ id: 'app-1:1', state: 'ready' });
    expect((await store.getTimeline('app-1')).at(-1)).toMatchObject({ status: 'in-progress', source: 'staff:dev-staff-2', detail: 'replayed by staff dev-staff and dev-staff-2' });
    await drain(runner);
    expect(tax.callsFor('app-1:tax-record')).toBe(2);
    expect(tax.effects.has('app-1:tax-record')).toBe(true);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
    expect((await store.getJob('app-2:1'))!.state).toBe('dead');
  });

  it('is 404 for an unknown id, and 409 for a second request, an approval with nothing requested, or a job that is not dead', async () => {
    const unknown = await post('/v1/admin/dead-letters/nope/replay', STAFF);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await post(`/v1/admin/dead-letters/${'x'.repeat(5_000)}/replay`, STAFF)).status).toBe(404);
    const nothing = await post('/v1/admin/dead-letters/app-1:1/approve', STAFF_2);
    expect(nothing.status).toBe(409);
    expect(((await nothing.json()) as { type: string }).type).toBe('/problems/no-dead-letter-request');
    expect((await post('/v1/admin/dead-letters/app-1:1/replay', STAFF)).status).toBe(202);
    const again = await post('/v1/admin/dead-letters/app-1:1/discard', { ...STAFF_2, 'content-type': 'application/json' }, '{"reason":"x"}');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { type: string }).type).toBe('/problems/dead-letter-request-pending');
    expect((await post('/v1/admin/dead-letters/app-1:1/approve', STAFF_2)).status).toBe(202);
    const replayed = await post('/v1/admin/dead-letters/app-1:1/replay', STAFF);
    expect(replayed.status).toBe(409);
    expect(((await replayed.json()) as { type: string }).type).toBe('/problems/not-a-dead-letter');
    expect((await post('/v1/admin/dead-letters/app-1:0/replay', STAFF)).status).toBe(409);
  });
});

describe('POST /v1/admin/dead-letters/{id}/discard, then …/approve by someone else', () => {
  const json = { ...STAFF, 'content-type': 'application/json' };

  it('gives up on the message once approved, and records the reason in the application timeline', async () => {
    const response = await post('/v1/admin/dead-letters/app-1:1/discard', json, JSON.stringify({ reason: '市民課で窓口対応済み' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ id: 'app-1:1', state: 'awaiting-approval', pending: { action: 'discard', reason: '市民課で窓口対応済み' } });
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');
    const approved = await post('/v1/admin/dead-letters/app-1:1/approve', STAFF_2);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ id: 'app-1:1', state: 'discarded' });
    expect((await store.getTimeline('app-1')).at(-1)).toMatchObject({ status: 'failed', source: 'staff:dev-staff-2', detail: 'discarded by staff: 市民課で窓口対応済み' });
    expect((await store.getJob('app-1:1'))!.state).toBe('done');
    expect((await post('/v1/admin/dead-letters/app-1:1/discard', json, JSON.stringify({ reason: 'again' }))).status).toBe(409);
    expect((await post('/v1/admin/dead-letters/app-1:1/replay', STAFF)).status).toBe(409);
    const listed = (await (await app.request('/v1/admin/dead-letters', { headers: STAFF })).json()) as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toEqual(['app-2:1']);
  });

  it.each([
    ['no reason', '{}', 422],
    ['an empty reason', '{"reason":"   "}', 422],
    ['a reason over 500 characters', JSON.stringify({ reason: 'あ'.repeat(501) }), 422],
    ['an unknown field', '{"reason":"ok","extra":1}', 422],
    ['a __proto__ key', '{"reason":"ok","__proto__":{"admin":true}}', 400],
    ['not JSON', 'reason=ok', 400],
    ['deep nesting', '{"reason":' + '['.repeat(50) + ']'.repeat(50) + '}', 400],
  ])('refuses %s with a problem and changes nothing', async (_name, body, status) => {
    const response = await post('/v1/admin/dead-letters/app-1:1/discard', json, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');
    expect(await store.getDeadLetterRequest('app-1:1')).toBeNull();
  });

  it('refuses a huge body (413) and a body that is not JSON by media type (415)', async () => {
    expect((await post('/v1/admin/dead-letters/app-1:1/discard', json, JSON.stringify({ reason: 'x'.repeat(1_000_000) }))).status).toBe(413);
    expect((await post('/v1/admin/dead-letters/app-1:1/discard', { ...STAFF, 'content-type': 'text/plain' }, '{"reason":"ok"}')).status).toBe(415);
    expect((await store.getJob('app-1:1'))!.state).toBe('dead');
  });
});

describe('dead letters in the OpenAPI document', () => {
  it('documents the four staff operations', () => {
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    expect(document.paths?.['/v1/admin/dead-letters']?.get?.security).toEqual([{ bearer: [] }]);
    expect(document.paths?.['/v1/admin/dead-letters/{id}/replay']?.post?.responses).toHaveProperty('409');
    expect(document.paths?.['/v1/admin/dead-letters/{id}/discard']?.post?.requestBody).toBeDefined();
    expect(document.paths?.['/v1/admin/dead-letters/{id}/approve']?.post?.responses).toHaveProperty('403');
  });
});

describe('dead letters after retries', () => {
  it('counts every attempt made, the last one included', async () => {
    const lookup = procedureWith('lookup-only', [{ name: 'find-resident', action: 'request', system: 'resident-registry' }]);
    const failing = new ScriptedAdapter('resident-registry', { kind: 'retryable' });
    const retrying = new RouteRunner(runnerOptions(store, catalogOf(lookup), [failing], clock));
    const routes = routeTestApp((app) => registerDeadLetterRoutes(app, { store, catalog: catalogOf(lookup) }));
    await seedApplication(store, 'app-3', lookup, clock.now());
    for (let attempt = 0; attempt < 3; attempt++) {
      await retrying.runOnce();
      clock.advance(60_000);
    }
    const page = (await (await routes.request('/v1/admin/dead-letters', { headers: STAFF })).json()) as { items: { id: string; attempts: number; reason: string; system?: string }[] };
    expect(page.items.find((item) => item.id === 'app-3:0')).toMatchObject({ attempts: 3, reason: 'gave up after 3 attempts: upstream-unavailable', system: 'resident-registry' });
  });
});
