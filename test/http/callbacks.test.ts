import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signTimestampedCallback } from '../../src/callbacks/signature.js';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../src/http/env.js';
import { registerCallbackRoutes } from '../../src/http/routes/callbacks.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { ManualClock, ScriptedAdapter, catalogOf, drain, procedureWith, routeTestApp, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const TAX_SECRET = 'tax-callback-secret-0123456789abcdef';
const WELFARE_SECRET = 'welfare-callback-secret-0123456789ab';
const PREVIOUS_TAX_SECRET = 'tax-callback-secret-before-rotation-0';
const procedure = procedureWith('tax-certificate', [
  { name: 'send-tax', action: 'send', system: 'tax' },
  { name: 'tax-result', action: 'await-reply', system: 'tax', deadline: 'PT48H' },
]);

let store: Store;
let dispose: () => Promise<void>;
let runner: RouteRunner;
let app: OpenAPIHono<AppEnv>;
// Created before the tables below are built, which sign at its (fixed) start time.
let clock = new ManualClock();

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
  runner = new RouteRunner(runnerOptions(store, catalogOf(procedure), [new ScriptedAdapter('tax', { kind: 'accept' })], clock));
  app = routeTestApp((app) => registerCallbackRoutes(app, { secrets: { tax: [TAX_SECRET, PREVIOUS_TAX_SECRET], welfare: [WELFARE_SECRET] }, clock: clock.now, store, runner, bodyBytes: 4_096 }));
  await seedApplication(store, 'app-1', procedure, clock.now());
  await drain(runner);
});
afterEach(async () => {
  await dispose();
});

function sign(body: string | Uint8Array, secret = TAX_SECRET, unixSeconds = Math.floor(clock.now().getTime() / 1000)): string {
  return signTimestampedCallback([secret], unixSeconds, body);
}

function problemType(response: Response): Promise<string> {
  return response.json().then((problem) => (problem as { type: string }).type);
}

function callback(body: string | Uint8Array, headers: Record<string, string> = { 'x-kakehashi-signature': sign(body) }, system = 'tax'): Promise<Response> {
  return Promise.resolve(app.request(`/v1/callbacks/${system}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));
}

async function waiting(): Promise<boolean> {
  return (await store.getJob('app-1:1'))!.state === 'waiting';
}

const COMPLETED = JSON.stringify({ messageId: 'app-1:send-tax', status: 'completed', data: { taxableIncome: 3_000_000 } });

describe('POST /v1/callbacks/{system}', () => {
  it('resumes the waiting step on a correctly signed reply; the route then completes with the data', async () => {
    const response = await callback(COMPLETED);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'resumed' });
    await drain(runner);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
    expect((await store.getJob('app-1:1'))!.payload.reply).toEqual({ outcome: 'completed', source: 'tax', data: { taxableIncome: 3_000_000 } });
  });

  it('accepts an upper-case hex signature', async () => {
    const [t, v1] = sign(COMPLETED).split(',');
    const response = await callback(COMPLETED, { 'x-kakehashi-signature': `${t},v1=${v1!.slice(3).toUpperCase()}` });
    expect(await response.json()).toEqual({ status: 'resumed' });
  });

  it('accepts the previous secret while it is rotated, and a header signed with both', async () => {
    expect(await (await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED, PREVIOUS_TAX_SECRET) })).json()).toEqual({ status: 'resumed' });
    clock.advance(1_000);
    const both = signTimestampedCallback([`${TAX_SECRET}-retired`, TAX_SECRET], Math.floor(clock.now().getTime() / 1000), COMPLETED);
    expect((await callback(COMPLETED, { 'x-kakehashi-signature': both })).status).toBe(200);
  });

  it.each([
    ['more than 5 minutes old', -301],
    ['more than 5 minutes ahead', 301],
  ])('refuses a signature %s with 401 callback-signature-expired', async (_name, offsetSeconds) => {
    const t = Math.floor(clock.now().getTime() / 1000) + offsetSeconds;
    const response = await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED, TAX_SECRET, t) });
    expect(response.status).toBe(401);
    expect(await problemType(response)).toBe('/problems/callback-signature-expired');
    expect(await waiting()).toBe(true);
  });

  it('accepts a signature at the edge of the window', async () => {
    const t = Math.floor(clock.now().getTime() / 1000) - 300;
    expect(await (await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED, TAX_SECRET, t) })).json()).toEqual({ status: 'resumed' });
  });

  it('answers a repeated report, signed anew, as ignored, so the system stops sending it', async () => {
    expect(await (await callback(COMPLETED)).json()).toEqual({ status: 'resumed' });
    clock.advance(1_000);
    const again = await callback(COMPLETED);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'ignored' });
    await drain(runner);
    clock.advance(1_000);
    expect(await (await callback(COMPLETED)).json()).toEqual({ status: 'ignored' });
    expect((await store.getTimeline('app-1')).filter((entry) => entry.status === 'completed')).toHaveLength(1);
  });

  describe('replays', () => {
    const ACCEPTED = JSON.stringify({ messageId: 'app-1:send-tax', status: 'accepted' });
    const acceptedEntries = async () => (await store.getTimeline('app-1')).filter((entry) => entry.detail === 'accepted by tax; waiting for its result');

    it('answers the same signed callback again with 200 duplicate and no effect, and with 401 expired once its window is over', async () => {
      const captured = { 'x-kakehashi-signature': sign(ACCEPTED) };
      expect(await (await callback(ACCEPTED, captured)).json()).toEqual({ status: 'resumed' });
      await drain(runner);
      expect(await waiting()).toBe(true);
      expect(await acceptedEntries()).toHaveLength(1);
      const job = await store.getJob('app-1:1');

      clock.advance(299_000);
      const replay = await callback(ACCEPTED, captured);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ status: 'duplicate' });
      await drain(runner);
      expect(await acceptedEntries()).toHaveLength(1);
      expect(await store.getJob('app-1:1')).toEqual(job);

      clock.advance(2_000);
      const late = await callback(ACCEPTED, captured);
      expect(late.status).toBe(401);
      expect(await problemType(late)).toBe('/problems/callback-signature-expired');
      expect(await acceptedEntries()).toHaveLength(1);
    });

    it('knows a replay by what the signature covers, whichever secret its v1 is under', async () => {
      const t = Math.floor(clock.now().getTime() / 1000);
      const both = signTimestampedCallback([TAX_SECRET, PREVIOUS_TAX_SECRET], t, ACCEPTED);
      expect(await (await callback(ACCEPTED, { 'x-kakehashi-signature': both })).json()).toEqual({ status: 'resumed' });
      await drain(runner);
      for (const header of [sign(ACCEPTED, PREVIOUS_TAX_SECRET, t), sign(ACCEPTED, TAX_SECRET, t), ` ${both.split(',').reverse().join(', ')}`]) {
        expect(await (await callback(ACCEPTED, { 'x-kakehashi-signature': header })).json()).toEqual({ status: 'duplicate' });
      }
      expect(await acceptedEntries()).toHaveLength(1);
      clock.advance(1_000);
      expect(await (await callback(ACCEPTED)).json()).toEqual({ status: 'resumed' });
    });

    it('keeps replays of one system apart from another\'s callback with the same t and bytes', async () => {
      const fromWelfare = await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED, WELFARE_SECRET) }, 'welfare');
      expect(await fromWelfare.json()).toEqual({ status: 'ignored' });
      expect(await (await callback(COMPLETED)).json()).toEqual({ status: 'resumed' });
    });

    it('does not remember a callback it refused: the same signed callback is taken once the gateway waits for it', async () => {
      await seedApplication(store, 'app-2', procedure, clock.now());
      await runner.runOnce();
      const body = JSON.stringify({ messageId: 'app-2:send-tax', status: 'completed' });
      const captured = { 'x-kakehashi-signature': sign(body) };
      expect((await callback(body, captured)).status).toBe(503);
      await drain(runner);
      expect(await (await callback(body, captured)).json()).toEqual({ status: 'resumed' });
      expect(await (await callback(body, captured)).json()).toEqual({ status: 'duplicate' });
    });

    it('does not remember a signed body it could not read', async () => {
      const body = '{"messageId":"app-1:send-tax","status":"done"}';
      const captured = { 'x-kakehashi-signature': sign(body) };
      expect((await callback(body, captured)).status).toBe(422);
      expect((await callback(body, captured)).status).toBe(422);
    });
  });

  it('rejects the application with the reason of a `rejected` reply', async () => {
    const body = JSON.stringify({ messageId: 'app-1:send-tax', status: 'rejected', reason: 'no tax record for 2025' });
    expect(await (await callback(body)).json()).toEqual({ status: 'resumed' });
    await drain(runner);
    expect((await store.getTimeline('app-1')).at(-1)).toMatchObject({ status: 'rejected', source: 'tax', detail: 'rejected by tax: no tax record for 2025' });
  });

  it.each([
    ['no signature', {}, 'callback-signature-malformed'],
    ['the old body-only scheme', { 'x-kakehashi-signature': `sha256=${createHmac('sha256', TAX_SECRET).update(COMPLETED).digest('hex')}` }, 'callback-signature-malformed'],
    ['a header without t', { 'x-kakehashi-signature': sign(COMPLETED).split(',')[1]! }, 'callback-signature-malformed'],
    ['a header without v1', { 'x-kakehashi-signature': sign(COMPLETED).split(',')[0]! }, 'callback-signature-malformed'],
    ['two timestamps', { 'x-kakehashi-signature': `t=1,${sign(COMPLETED)}` }, 'callback-signature-malformed'],
    ['a truncated signature', { 'x-kakehashi-signature': sign(COMPLETED).slice(0, 40) }, 'callback-signature-malformed'],
    ['an unknown entry', { 'x-kakehashi-signature': `${sign(COMPLETED)},v0=abc` }, 'callback-signature-malformed'],
    ['a signature under another system\'s secret', { 'x-kakehashi-signature': sign(COMPLETED, WELFARE_SECRET) }, 'callback-signature-invalid'],
    ['a signature of other bytes', { 'x-kakehashi-signature': sign(`${COMPLETED} `) }, 'callback-signature-invalid'],
  ])('refuses %s with 401 and resumes nothing', async (_name, headers, code) => {
    const response = await callback(COMPLETED, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await problemType(response)).toBe(`/problems/${code}`);
    expect(await waiting()).toBe(true);
  });

  it('refuses a valid v1 moved to another timestamp', async () => {
    const [, v1] = sign(COMPLETED).split(',');
    const t = Math.floor(clock.now().getTime() / 1000) + 1;
    const response = await callback(COMPLETED, { 'x-kakehashi-signature': `t=${t},${v1}` });
    expect(await problemType(response)).toBe('/problems/callback-signature-invalid');
  });

  it('is 404 for a system without a secret, before looking at the body', async () => {
    for (const system of ['payroll', '__proto__', 'constructor', 'toString']) {
      const response = await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED) }, system);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await waiting()).toBe(true);
  });

  it('does not let another system answer for tax: its reply is ignored and the step keeps waiting', async () => {
    const response = await callback(COMPLETED, { 'x-kakehashi-signature': sign(COMPLETED, WELFARE_SECRET) }, 'welfare');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ignored' });
    expect((await store.getJob('app-1:1'))!.payload.reply).toBeUndefined();
    await drain(runner);
    expect(await waiting()).toBe(true);
    expect((await store.getApplication('app-1'))!.status).toBe('awaiting-reply');
    expect(await (await callback(COMPLETED)).json()).toEqual({ status: 'resumed' });
    await drain(runner);
    expect((await store.getApplication('app-1'))!.status).toBe('completed');
  });

  it.each([
    ['not JSON', 'messageId=app-1:send-tax', 400],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 400],
    ['a __proto__ key', '{"messageId":"app-1:send-tax","status":"completed","__proto__":{"x":1}}', 400],
    ['a nested __proto__ key', '{"messageId":"app-1:send-tax","status":"completed","data":{"__proto__":{"x":1}}}', 400],
    ['a duplicate key', '{"messageId":"app-1:send-tax","status":"rejected","status":"completed"}', 400],
    ['deep nesting', '{"messageId":"app-1:send-tax","status":"completed","data":{"a":' + '['.repeat(100) + ']'.repeat(100) + '}}', 400],
    ['an unknown status', '{"messageId":"app-1:send-tax","status":"done"}', 422],
    ['no message id', '{"status":"completed"}', 422],
    ['an unknown field', '{"messageId":"app-1:send-tax","status":"completed","extra":true}', 422],
    ['an array', '[]', 422],
  ])('refuses a signed body with %s as a problem and resumes nothing', async (_name, body, status) => {
    const response = await callback(body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await waiting()).toBe(true);
  });

  it('refuses an oversize body with 413 without resuming', async () => {
    const body = JSON.stringify({ messageId: 'app-1:send-tax', status: 'completed', data: { pad: 'x'.repeat(10_000) } });
    const response = await callback(body);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await waiting()).toBe(true);
  });

  it('answers 503 with Retry-After to a reply that comes before the runner waits for it', async () => {
    await seedApplication(store, 'app-2', procedure, new Date());
    await runner.runOnce();
    const body = JSON.stringify({ messageId: 'app-2:send-tax', status: 'completed' });
    const response = await callback(body);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
  });

  it('documents the signature scheme in the OpenAPI document', () => {
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const operation = document.paths?.['/v1/callbacks/{system}']?.post;
    expect(operation?.description).toContain('X-Kakehashi-Signature: t=<unix seconds>,v1=<hex>');
    expect(operation?.description).toContain('300 seconds');
    expect(operation?.description).toContain('{"status":"duplicate"}');
    expect(operation?.description).toContain('callbacks.previousSecrets');
    expect(operation?.description).toContain('HMAC-SHA256');
  });

  it('reports the problem for invalid UTF-8 as such', async () => {
    const response = await callback(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    expect(((await response.json()) as { type: string }).type).toBe('/problems/invalid-utf8');
  });
});
