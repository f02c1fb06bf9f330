import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/env.js';
import { registerAuditRoutes } from '../../src/http/routes/audit.js';
import { registerDeadLetterRoutes } from '../../src/http/routes/dead-letters.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { AuditEntry, Store } from '../../src/store/types.js';
import { ManualClock, ScriptedAdapter, catalogOf, drain, procedureWith, routeTestApp, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const procedure = procedureWith('tax-certificate', [
  { name: 'find-resident', action: 'request', system: 'resident-registry' },
  { name: 'tax-record', action: 'request', system: 'tax' },
]);
const catalog = catalogOf(procedure);
const STAFF = { authorization: 'Bearer dev-staff-key' };
const STAFF_2 = { authorization: 'Bearer dev-staff-2-key' };
const FRONTEND = { authorization: 'Bearer dev-frontend-key' };
const AS_STAFF_CLIENT = { kind: 'client', id: 'dev-staff', role: 'staff' };
/** ManualClock starts at 2026-04-01T09:00Z: 18:00 JST on 2026-04-01. */
const DAY = '2026-04-01';

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let runner: RouteRunner;
let app: OpenAPIHono<AppEnv>;

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  const registry = new ScriptedAdapter('resident-registry', { kind: 'done', result: { myNumber: '123456789018' } });
  const tax = new ScriptedAdapter('tax', { kind: 'permanent' });
  runner = new RouteRunner(runnerOptions(store, catalog, [registry, tax], clock));
  app = routeTestApp((app) => {
    registerDeadLetterRoutes(app, { store, catalog, runner, clock: clock.now });
    registerAuditRoutes(app, { store });
  });
  for (const id of ['app-1', 'app-2']) {
    await seedApplication(store, id, procedure, clock.now(), { myNumber: '123456789018' });
    await drain(runner);
    clock.advance(1_000);
  }
});
afterEach(async () => {
  await dispose();
});

async function entries(action?: string): Promise<AuditEntry[]> {
  const all = await store.listAudit(0, 1000);
  return action === undefined ? all : all.filter((entry) => entry.action === action);
}

function post(path: string, body?: string, as = STAFF): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers: { ...as, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) }));
}

describe('the audit trail of staff actions and deliveries', () => {
  it('records each message a core system took, as the runner, and none for a refused one', async () => {
    expect(await entries()).toEqual([
      expect.objectContaining({ seq: 1, action: 'delivery.sent', actor: { kind: 'system', id: 'route-runner', role: 'runner' }, target: { type: 'delivery', id: 'resident-registry:app-1:find-resident' } }),
      expect.objectContaining({ seq: 2, action: 'delivery.sent', target: { type: 'delivery', id: 'resident-registry:app-2:find-resident' } }),
    ]);
  });

  it('records the replay request and its approval, each as the API client that made it; refused calls record nothing', async () => {
    expect((await post('/v1/admin/dead-letters/app-1:1/replay')).status).toBe(202);
    expect((await post('/v1/admin/dead-letters/app-1:1/replay')).status).toBe(409);
    expect((await post('/v1/admin/dead-letters/app-1:1/approve')).status).toBe(403);
    clock.advance(1_000);
    expect((await post('/v1/admin/dead-letters/app-1:1/approve', undefined, STAFF_2)).status).toBe(202);
    const trail = (await entries()).filter((entry) => entry.action.startsWith('dead-letter.'));
    expect(trail).toEqual([
      expect.objectContaining({ action: 'dead-letter.replay-requested', actor: AS_STAFF_CLIENT, target: { type: 'dead-letter', id: 'app-1:1' } }),
      expect.objectContaining({ action: 'dead-letter.replay', at: clock.now().toISOString(), actor: { kind: 'client', id: 'dev-staff-2', role: 'staff' }, target: { type: 'dead-letter', id: 'app-1:1' } }),
    ]);
    expect(trail[1]).not.toHaveProperty('reason');
  });

  it('records a discard request and its approval with the reason; an invalid discard records nothing', async () => {
    expect((await post('/v1/admin/dead-letters/app-2:1/discard', JSON.stringify({ reason: 'x'.repeat(501) }))).status).toBe(422);
    expect((await post('/v1/admin/dead-letters/app-2:1/discard', JSON.stringify({ reason: '窓口で対応済み' }))).status).toBe(202);
    expect((await post('/v1/admin/dead-letters/app-2:1/approve', undefined, STAFF_2)).status).toBe(200);
    expect((await entries()).filter((entry) => entry.action.startsWith('dead-letter.'))).toEqual([
      expect.objectContaining({ action: 'dead-letter.discard-requested', actor: AS_STAFF_CLIENT, reason: '窓口で対応済み' }),
      expect.objectContaining({ action: 'dead-letter.discard', actor: { kind: 'client', id: 'dev-staff-2', role: 'staff' }, target: { type: 'dead-letter', id: 'app-2:1' }, reason: '窓口で対応済み' }),
    ]);
  });
});

describe('GET /v1/admin/audit', () => {
  it('answers the JST day with its entries and no checkpoint yet, as JSON and as JSON Lines', async () => {
    const response = await app.request(`/v1/admin/audit?day=${DAY}`, { headers: STAFF });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { day: string; entries: AuditEntry[]; checkpoint: null };
    expect(body).toEqual({ day: DAY, entries: await entries(), checkpoint: null });

    const lines = await app.request(`/v1/admin/audit?day=${DAY}`, { headers: { ...STAFF, accept: 'application/jsonl' } });
    expect(lines.headers.get('content-type')).toContain('application/jsonl');
    const parsed = (await lines.text()).trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(parsed.map((line) => line.kind)).toEqual(['entry', 'entry', 'checkpoint']);

    const dayBefore = (await (await app.request('/v1/admin/audit?day=2026-03-31', { headers: STAFF })).json()) as { entries: unknown[] };
    expect(dayBefore.entries).toEqual([]);
  });

  it.each([
    ['no day', ''],
    ['a day that does not exist', '2026-02-30'],
    ['unpadded digits', '2026-4-1'],
    ['no dashes', '20260401'],
    ['5,000 characters', 'x'.repeat(5000)],
  ])('refuses %s with a problem naming the field', async (_name, day) => {
    const response = await app.request(`/v1/admin/audit?day=${day}`, { headers: STAFF });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('query:day');
  });

  it('is for staff only', async () => {
    expect((await app.request(`/v1/admin/audit?day=${DAY}`)).status).toBe(401);
    expect((await app.request(`/v1/admin/audit?day=${DAY}`, { headers: FRONTEND })).status).toBe(403);
  });
});
