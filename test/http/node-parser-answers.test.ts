import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { listenOnFreePort, type Listening } from '../support/listening.js';
import { exchangeRaw } from '../support/raw-http.js';

let gateway: TestGateway;
let server: Listening;
let apiDescription: string;
beforeAll(async () => {
  gateway = await startTestGateway();
  server = await listenOnFreePort(gateway);
  apiDescription = ((await (await gateway.app.request('/openapi.json')).json()) as { info: { description: string } }).info.description;
});
afterAll(async () => {
  await server.close();
  await gateway.dispose();
});

const POST = 'POST /v1/applications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-frontend-key\r\nContent-Type: application/json\r\nIdempotency-Key: parser-1\r\n';

/** What the API description says Node's HTTP parser answers before the application sees the request; each over a raw socket. */
describe("answers from Node's HTTP parser, as the API description documents them", () => {
  it.each([
    [431, 'headers larger than 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(16 * 1024)}\r\n\r\n`],
    [400, 'a CR inside a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\rb\r\n\r\n'],
    [400, 'both Content-Length and Transfer-Encoding', `${POST}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
  ])('%i for %s: no problem body, the connection closed, nothing stored', async (status, documented, request) => {
    const before = gateway.recorded();
    const reply = await exchangeRaw(server.port, [request]);
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBeUndefined();
    expect(reply.body).toBe('');
    expect(gateway.recorded()).toBe(before);
    expect(apiDescription).toContain(`${status} for ${documented}`);
  });

  it('takes headers just under 16 KB, so the limit documented is the one that applies', async () => {
    const reply = await exchangeRaw(server.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Padding: ${'a'.repeat(15 * 1024)}\r\n\r\n`]);
    expect(reply.status).toBe(200);
  });
});
