import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

describe('HTTP hygiene', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: { cors: { origins: ['https://apply.city.example'] } } });
  });
  afterAll(() => gateway.dispose());

  it('answers an unknown path with a problem+json 404', async () => {
    const response = await gateway.app.request('/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(response)).toMatchObject({ type: '/problems/not-found', status: 404, instance: response.headers.get('x-request-id') });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await gateway.app.request('/v1/procedures', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const post = await gateway.app.request('/v1/applications/abc', { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const echoed = await gateway.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await gateway.app.request('/healthz', { headers: { 'x-request-id': 'bad id <script>'.repeat(3) } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets secure headers', async () => {
    const response = await gateway.app.request('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('allows CORS for configured frontend origins only', async () => {
    const preflight = (origin: string) =>
      gateway.app.request('/v1/applications', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key, content-type' },
      });
    const allowed = await preflight('https://apply.city.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://apply.city.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers only for a request with an Origin, and says Vary: Origin on every response', async () => {
    const plain = await gateway.app.request('/v1/procedures');
    expect(plain.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('access-control-expose-headers')).toBeNull();
    expect(plain.headers.get('x-request-id')).toBeTruthy();
    const crossOrigin = await gateway.app.request('/v1/procedures', { headers: { origin: 'https://apply.city.example' } });
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe('https://apply.city.example');
    expect(crossOrigin.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(crossOrigin.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(crossOrigin.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves OpenAPI 3.1 describing the API, and a reference UI that needs no CDN', async () => {
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/procedures', '/v1/procedures/{id}', '/v1/applications', '/v1/applications/{id}', '/healthz', '/readyz']));
    expect(document.components.schemas.Submission.properties.procedureId).toBeDefined();
    expect(document.components.schemas.SignatureEvidence.properties.value.description).toMatch(/CMS/);
    expect(document.paths['/v1/applications'].post.responses['202']).toBeDefined();
    const page = await gateway.app.request('/docs');
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await gateway.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
  });

  it('reports health, readiness and draining', async () => {
    expect((await gateway.app.request('/healthz')).status).toBe(200);
    const ready = await gateway.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toMatchObject({ status: 'ready', checks: [{ name: 'store', ok: true }, { name: 'revocation', ok: true }] });
    gateway.drain();
    const draining = await gateway.app.request('/readyz');
    expect(draining.status).toBe(503);
    expect(draining.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(draining)).toMatchObject({ type: '/problems/not-ready', status: 503, state: 'draining', checks: [{ name: 'store', ok: true }, { name: 'revocation', ok: true }] });
  });
});
