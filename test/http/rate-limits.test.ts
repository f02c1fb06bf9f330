import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { listen } from '../../src/gateway.js';
import type { RateLimiter } from '../../src/rate-limit/rate-limiter.js';
import { FRONTEND, OTHER_FRONTEND, STAFF, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { withOtherClientUploads } from '../support/fixture-uploads.js';
import { validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';

const PROCEDURE = 'business-support-grant';
const THREE_A_MINUTE = { limit: 3, windowSeconds: 60, burst: 3 };

describe('submission rate limits', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.dispose();
    gateway = undefined;
  });

  it('tells the client where it stands, and answers 429 with Retry-After past the limit, storing nothing', async () => {
    gateway = await startTestGateway({ config: { rateLimits: { submissions: THREE_A_MINUTE, verifications: null } } });
    const answers = [];
    for (let n = 0; n < 3; n++) answers.push(await submit(gateway, validSample(PROCEDURE)));
    expect(answers.map((response) => response.status)).toEqual([202, 202, 202]);
    expect(answers.map((response) => response.headers.get('ratelimit'))).toEqual([
      '"submissions";r=2;t=20',
      '"submissions";r=1;t=40',
      '"submissions";r=0;t=60',
    ]);
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('"submissions";q=3;w=60');

    const before = gateway.recorded();
    const refused = await submit(gateway, validSample(PROCEDURE));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.headers.get('ratelimit')).toBe('"submissions";r=0;t=60');
    expect(await json(refused)).toMatchObject({ type: '/problems/rate-limited', status: 429, title: 'Too many requests' });
    expect(gateway.recorded()).toBe(before);
  });

  it('counts each client apart, and leaves other routes alone', async () => {
    gateway = await startTestGateway({ config: { rateLimits: { submissions: { limit: 1, windowSeconds: 60, burst: 1 }, verifications: null } } });
    const mine = await submit(gateway, validSample(PROCEDURE));
    expect(mine.status).toBe(202);
    expect((await submit(gateway, validSample(PROCEDURE))).status).toBe(429);
    expect((await submit(gateway, withOtherClientUploads(validSample(PROCEDURE)), OTHER_FRONTEND)).status).toBe(202);
    const { id } = await json(mine);
    expect((await gateway.app.request(`/v1/applications/${id}`, { headers: FRONTEND })).status).toBe(200);
    expect((await gateway.app.request(`/v1/applications/${id}`, { headers: STAFF })).status).toBe(200);
  });

  it("takes a client's own limit over the gateway's, and null as no limit", async () => {
    gateway = await startTestGateway({
      config: {
        rateLimits: { submissions: { limit: 1, windowSeconds: 60, burst: 1 }, verifications: null },
        clients: [
          { id: 'dev-frontend', role: 'frontend', key: 'dev-frontend-key', rateLimits: { submissions: null } },
          { id: 'other-frontend', role: 'frontend', key: 'other-frontend-key-0001', rateLimits: { submissions: { limit: 2, windowSeconds: 60, burst: 2 } } },
          { id: 'dev-staff', role: 'staff', key: 'dev-staff-key' },
        ],
      },
    });
    for (let n = 0; n < 5; n++) {
      const response = await submit(gateway, validSample(PROCEDURE));
      expect(response.status).toBe(202);
      expect(response.headers.get('ratelimit')).toBeNull();
    }
    const other = [];
    for (let n = 0; n < 3; n++) other.push((await submit(gateway, withOtherClientUploads(validSample(PROCEDURE)), OTHER_FRONTEND)).status);
    expect(other).toEqual([202, 202, 429]);
  });

  it('lets submissions through when the limiter fails, and logs it', async () => {
    const broken: RateLimiter = {
      take: async () => {
        throw new Error('connection refused');
      },
      giveBack: async () => undefined,
      close: async () => undefined,
    };
    gateway = await startTestGateway({ rateLimiter: broken, config: { rateLimits: { submissions: THREE_A_MINUTE, verifications: null } } });
    expect((await submit(gateway, validSample(PROCEDURE))).status).toBe(202);
    expect(gateway.logLines().some((line) => line.includes('rate limiter unavailable'))).toBe(true);
  });
});

describe('verification rate limits, per client address over a real socket', () => {
  const TWO_A_MINUTE = { limit: 2, windowSeconds: 60, burst: 2 };
  let gateway: TestGateway | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await gateway?.dispose();
    gateway = undefined;
    server = undefined;
  });

  async function listening(config: Partial<Config>): Promise<(headers?: Record<string, string>) => Promise<number>> {
    gateway = await startTestGateway({ config: { rateLimits: { submissions: null, verifications: TWO_A_MINUTE }, ...config } });
    const bound = await listen(gateway, { ...gateway.config, port: 0, host: '127.0.0.1' });
    server = bound.server as Server;
    return async (headers = {}) => {
      const response = await fetch(`http://127.0.0.1:${bound.port}/v1/verifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ certificateId: 'no-such-certificate', documentHash: 'a'.repeat(64) }),
      });
      await response.arrayBuffer();
      return response.status;
    };
  }

  it('limits an anonymous client by its address, whatever X-Forwarded-For it makes up', async () => {
    const verify = await listening({});
    expect(await verify({ 'x-forwarded-for': '203.0.113.1' })).toBe(200);
    expect(await verify({ 'x-forwarded-for': '203.0.113.2' })).toBe(200);
    expect(await verify({ 'x-forwarded-for': '203.0.113.3' })).toBe(429);
    // an API client has its own bucket
    expect(await verify(STAFF)).toBe(200);
  });

  it('behind a trusted proxy, limits each client named by X-Forwarded-For, reading it from the right', async () => {
    const verify = await listening({ trustedProxies: ['127.0.0.1'] });
    expect(await verify({ 'x-forwarded-for': '203.0.113.7' })).toBe(200);
    // what the client wrote to the left of the proxy's entry does not count
    expect(await verify({ 'x-forwarded-for': '198.51.100.99, 203.0.113.7' })).toBe(200);
    expect(await verify({ 'x-forwarded-for': '203.0.113.7' })).toBe(429);
    expect(await verify({ 'x-forwarded-for': '203.0.113.8' })).toBe(200);
  });
});
