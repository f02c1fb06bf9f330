import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway;
let server: Server;
let port: number;
beforeAll(async () => {
  gateway = await startTestGateway();
  const config = { ...gateway.config, port: 0, host: '127.0.0.1', http: { timeouts: { requestMs: 800, headersMs: 500, keepAliveMs: 500 } } };
  const listening = await listen(gateway, config);
  server = listening.server as Server;
  port = listening.port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await gateway.dispose();
});

/** Writes `request` on a raw socket and resolves with what came back and how long until the server closed. */
function stall(request: string): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let reply = '';
    socket.on('data', (chunk) => (reply += String(chunk)));
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }));
    setTimeout(() => socket.destroy(new Error('the server kept the stalled connection open for 5 s')), 5000);
  });
}

const HEAD = 'POST /v1/applications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-frontend-key\r\nContent-Type: application/json\r\nIdempotency-Key: stall\r\n';

describe('a stalled client is cut off at the configured timeout', () => {
  it.each([
    ['headers that never end', 'GET /healthz HTTP/1.1\r\nHost: x\r\n'],
    ['a Content-Length larger than the body', `${HEAD}Content-Length: 1000\r\n\r\n{"procedureId":`],
    ['a chunked body that never ends', `${HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\n{"pro\r\n`],
  ])('%s: 408 and the connection closed', async (_case, request) => {
    const { reply, closedAfterMs } = await stall(request);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(3000);
  });
});
