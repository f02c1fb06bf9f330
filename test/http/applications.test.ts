import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionCheck } from '../../src/intake/check.js';
import { FRONTEND, OTHER_FRONTEND, STAFF, STORE_NETWORK, newKey, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { withOtherClientUploads } from '../support/fixture-uploads.js';
import { validSample, withBusinessName } from '../support/fixtures.js';
import { json } from '../support/json.js';

const PROCEDURE = 'business-support-grant';

describe('POST /v1/applications', () => {
  let gateway: TestGateway;
  let release: () => void = () => {};
  const gate: SubmissionCheck = {
    name: 'gate',
    check: async ({ submission }) => {
      if ((submission.form['business'] as { name?: string }).name === '遅延テスト商店') await new Promise<void>((resolve) => (release = resolve));
      return {};
    },
  };
  beforeAll(async () => {
    gateway = await startTestGateway({ checks: [gate] });
  });
  afterAll(() => gateway.dispose());

  it('records an application and answers 202 with id, statusUrl and an access token', async () => {
    const response = await submit(gateway, validSample(PROCEDURE));
    expect(response.status).toBe(202);
    const body = await json(response);
    expect(body).toEqual({ id: expect.any(String), status: 'received', statusUrl: `/v1/applications/${body.id}`, accessToken: expect.stringMatching(/^kat_/) });
    expect(response.headers.get('location')).toBe(body.statusUrl);

    const status = await gateway.app.request(body.statusUrl, { headers: { 'x-access-token': body.accessToken } });
    expect(status.status).toBe(200);
    const view = await json(status);
    expect(view).toMatchObject({ id: body.id, procedureId: PROCEDURE, status: 'received', timeline: [{ status: 'received', source: 'intake' }] });
  });

  it('stores only the hash of the access token', async () => {
    const body = await json(await submit(gateway, validSample(PROCEDURE)));
    const record = await gateway.store.getApplication(body.id);
    expect(JSON.stringify(record)).not.toContain(body.accessToken);
    expect(record?.accessTokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, recording once', async () => {
      const key = newKey();
      const before = gateway.recorded();
      const first = await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key });
      const second = await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key });
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(second)).toEqual(await json(first));
      expect(gateway.recorded()).toBe(before + 1);
    });

    it('treats a reordered but equal JSON body as the same request', async () => {
      const key = newKey();
      const sample = validSample(PROCEDURE);
      const first = await submit(gateway, sample, { 'idempotency-key': key });
      const reordered = Object.fromEntries(Object.entries(sample).reverse());
      const second = await submit(gateway, reordered, { 'idempotency-key': key });
      expect((await json(second)).id).toBe((await json(first)).id);
    });

    it('answers 422 for the same key with a different body', async () => {
      const key = newKey();
      await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key });
      const changed = validSample(PROCEDURE);
      withBusinessName(changed, '別の商店');
      const response = await submit(gateway, changed, { 'idempotency-key': key });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(response)).toMatchObject({ type: '/problems/idempotency-key-reused', errors: [{ pointer: 'header:Idempotency-Key' }] });
    });

    it('answers 409 while the first request with the key is in flight', async () => {
      const key = newKey();
      const slow = validSample(PROCEDURE);
      withBusinessName(slow, '遅延テスト商店');
      const first = submit(gateway, slow, { 'idempotency-key': key });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await submit(gateway, slow, { 'idempotency-key': key });
      expect(second.status).toBe(409);
      expect(await json(second)).toMatchObject({ type: '/problems/idempotency-in-flight' });
      release();
      expect((await first).status).toBe(202);
    });

    it('scopes keys to the client', async () => {
      const key = newKey();
      const mine = await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key });
      const theirs = await submit(gateway, withOtherClientUploads(validSample(PROCEDURE)), { 'idempotency-key': key, ...OTHER_FRONTEND });
      expect(theirs.status).toBe(202);
      expect((await json(theirs)).id).not.toBe((await json(mine)).id);
    });

    it('lets a refused submission be corrected and sent again under the same key', async () => {
      const key = newKey();
      const broken = validSample(PROCEDURE);
      delete (broken.form as Record<string, unknown>)['business'];
      expect((await submit(gateway, broken, { 'idempotency-key': key })).status).toBe(422);
      expect((await submit(gateway, validSample(PROCEDURE), { 'idempotency-key': key })).status).toBe(202);
    });

    it('requires the header', async () => {
      const response = await gateway.app.request('/v1/applications', {
        method: 'POST',
        headers: { ...FRONTEND, 'content-type': 'application/json' },
        body: JSON.stringify(validSample(PROCEDURE)),
      });
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ type: '/problems/idempotency-key-missing', errors: [{ pointer: 'header:Idempotency-Key', code: 'required' }] });
    });
  });

  describe('authorisation', () => {
    it.each([
      ['no credentials', {}, 401],
      ['an unknown key', { authorization: 'Bearer not-a-key' }, 401],
      ['a malformed header', { authorization: 'Basic abc' }, 401],
      ['staff', STAFF, 403],
      ['the store network', STORE_NETWORK, 403],
    ])('refuses a submission with %s', async (_name, headers, status) => {
      const before = gateway.recorded();
      const response = await gateway.app.request('/v1/applications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), ...headers },
        body: JSON.stringify(validSample(PROCEDURE)),
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      if (status === 401) expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(gateway.recorded()).toBe(before);
    });

    it('shows the status to the submitter, staff and the token holder, and 404 to everyone else', async () => {
      const { id, accessToken } = await json(await submit(gateway, validSample(PROCEDURE)));
      const statusWith = async (headers: Record<string, string>) => (await gateway.app.request(`/v1/applications/${id}`, { headers })).status;
      expect(await statusWith(FRONTEND)).toBe(200);
      expect(await statusWith(STAFF)).toBe(200);
      expect(await statusWith({ 'x-access-token': accessToken })).toBe(200);
      expect(await statusWith(OTHER_FRONTEND)).toBe(404);
      expect(await statusWith(STORE_NETWORK)).toBe(404);
      expect(await statusWith({})).toBe(404);
      expect(await statusWith({ 'x-access-token': `${accessToken}x` })).toBe(404);
      expect(await statusWith({ ...OTHER_FRONTEND, 'x-access-token': accessToken })).toBe(200);
    });

    it('answers an unknown id exactly like a hidden one', async () => {
      const unknown = await gateway.app.request('/v1/applications/00000000-0000-0000-0000-000000000000', { headers: OTHER_FRONTEND });
      const { id } = await json(await submit(gateway, validSample(PROCEDURE)));
      const hidden = await gateway.app.request(`/v1/applications/${id}`, { headers: OTHER_FRONTEND });
      const strip = ({ instance: _instance, ...rest }: Record<string, unknown>) => rest;
      expect(unknown.status).toBe(404);
      expect(strip(await json(hidden))).toEqual(strip(await json(unknown)));
    });
  });

  describe('hostile and malformed bodies', () => {
    const send = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
      gateway.app.request('/v1/applications', {
        method: 'POST',
        headers: { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': newKey(), ...headers },
        body,
      });
    const sample = () => JSON.stringify(validSample(PROCEDURE));

    it.each([
      ['oversize', () => `{"procedureId":"${PROCEDURE}","form":{"x":"${'a'.repeat(2 * 1024 * 1024)}"}}`, 413, 'payload-too-large'],
      ['deep nesting', () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 400, 'too-deep'],
      ['a __proto__ key', () => sample().replace('{', '{"__proto__":{"admin":true},'), 400, 'forbidden-key'],
      ['a constructor key in the form', () => sample().replace('"form":{', '"form":{"constructor":{"prototype":{}},'), 400, 'forbidden-key'],
      ['a duplicate key', () => sample().replace('{', `{"procedureId":"juminhyo-copy",`), 400, 'duplicate-key'],
      ['a duplicate key after escaped quotes, brackets and backslashes', () => sample().replace('{', '{"note":"say \\"{[\\" \\\\","note":1,'), 400, 'duplicate-key'],
      ['invalid UTF-8', () => new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), 400, 'invalid-utf8'],
      ['an escaped lone surrogate in a value', () => sample().replace('"form":{', '"form":{"note":"a\\udc00b",'), 400, 'lone-surrogate'],
      ['an escaped lone high surrogate in a key', () => sample().replace('{', '{"\\ud800\\u0041":1,'), 400, 'lone-surrogate'],
      ['not JSON', () => '{"procedureId": ', 400, 'invalid-json'],
      ['trailing garbage', () => `${sample()} {}`, 400, 'invalid-json'],
      ['an array body', () => '[]', 400, 'submission-invalid'],
      ['an unknown top-level field', () => sample().replace('{', '{"admin":true,'), 400, 'submission-invalid'],
      ['an unknown procedure', () => sample().replace(PROCEDURE, 'no-such-procedure'), 422, 'procedure-unknown'],
    ])('answers %s with a 4xx problem and stores nothing', async (_name, body, status, type) => {
      const before = gateway.recorded();
      const response = await send(body());
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem).toMatchObject({ type: `/problems/${type}`, status, instance: expect.any(String) });
      expect(gateway.recorded()).toBe(before);
    });

    it('accepts an escaped surrogate pair: 𠮷 sent as \\ud842\\udfb7 is stored as 𠮷', async () => {
      const escaped = sample().replace('"name":"山﨑　花子"', '"name":"\\ud842\\udfb7田　花子"');
      expect(escaped).toContain('\\ud842\\udfb7');
      const response = await send(escaped);
      expect(response.status).toBe(202);
      const stored = await gateway.store.getApplication((await json(response)).id);
      expect((stored!.form['representative'] as { name: string }).name).toBe('𠮷田　花子');
    });

    it('names the field of an escaped lone surrogate by JSON Pointer', async () => {
      const response = await send(sample().replace('"name":"山﨑　花子"', '"name":"\\ud842田　花子"'));
      expect((await json(response)).errors).toEqual([expect.objectContaining({ pointer: '/form/representative/name', code: 'lone-surrogate' })]);
    });

    it('names the offending key by JSON Pointer', async () => {
      const response = await send(sample().replace('"form":{', '"form":{"__proto__":1,'));
      expect((await json(response)).errors).toEqual([expect.objectContaining({ pointer: '/form/__proto__', code: 'forbidden-key' })]);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=shift_jis', ''])('answers 415 for content type %j', async (type) => {
      const before = gateway.recorded();
      const response = await send(sample(), { 'content-type': type });
      expect(response.status).toBe(415);
      expect(await json(response)).toMatchObject({ type: '/problems/unsupported-media-type' });
      expect(gateway.recorded()).toBe(before);
    });

    it('refuses an oversize body announced without Content-Length (chunked)', async () => {
      const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 40) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await gateway.app.request('/v1/applications', {
        method: 'POST',
        headers: { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
    });
  });
});
