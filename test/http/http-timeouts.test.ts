import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../support/fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { listenOnFreePort, type Listening } from '../support/listening.js';
import { exchangeRaw } from '../support/raw-http.js';

let gateway: TestGateway;
let server: Listening;
beforeAll(async () => {
  gateway = await startTestGateway({ config: { http: { timeouts: { requestMs: 4000, headersMs: 500, keepAliveMs: 500, bodyIdleMs: 500 } } } });
  server = await listenOnFreePort(gateway);
});
afterAll(async () => {
  await server.close();
  await gateway.dispose();
});

let keys = 0;
const head = (framing: string) =>
  `POST /v1/applications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-frontend-key\r\nContent-Type: application/json\r\nIdempotency-Key: stall-${(keys += 1)}\r\n${framing}\r\n\r\n`;

describe('a stalled client is cut off at the configured timeout', () => {
  it('headers that never end: Node answers 408 and closes the connection', async () => {
    const { status, closedAfterMs } = await exchangeRaw(server.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n']);
    expect(status).toBe(408);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it.each([
    ['a Content-Length larger than the body', [head('Content-Length: 1000'), '{"procedureId":']],
    ['a chunked body that never ends', [head('Transfer-Encoding: chunked'), '5\r\n{"pro\r\n']],
  ])('%s: the gateway answers 408 problem+json, closes the connection and stores nothing', async (_case, parts) => {
    const before = gateway.recorded();
    const { status, headers, body, closedAfterMs } = await exchangeRaw(server.port, parts);
    expect(status).toBe(408);
    expect(headers['content-type']).toBe('application/problem+json');
    expect(headers.connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ type: '/problems/request-timeout', status: 408 });
    expect(closedAfterMs).toBeLessThan(3000);
    expect(gateway.recorded()).toBe(before);
  });

  it('a body that keeps arriving, each part within the idle time, is taken', async () => {
    const body = JSON.stringify(validSample('business-support-grant'));
    const third = Math.ceil(body.length / 3);
    const before = gateway.recorded();
    const { status } = await exchangeRaw(
      server.port,
      [head(`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close`), body.slice(0, third), body.slice(third, 2 * third), body.slice(2 * third)],
      350,
    );
    expect(status).toBe(202);
    expect(gateway.recorded()).toBe(before + 1);
  });
});
