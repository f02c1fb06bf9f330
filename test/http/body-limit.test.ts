import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONTEND, newKey, startTestGateway, type TestGateway } from '../support/gateway.js';
import { listenOnFreePort, type Listening } from '../support/listening.js';
import { validSample } from '../support/fixtures.js';

const PROCEDURE = 'business-support-grant';

interface RawResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** A POST over a real socket, with the body sent either with a Content-Length or chunked. */
function post(port: number, body: Buffer, framing: 'content-length' | 'chunked'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': newKey() };
    if (framing === 'content-length') headers['content-length'] = body.length;
    const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/applications', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The gateway may answer 413 and close before the whole body is written.
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (let offset = 0; offset < body.length; offset += 64 * 1024) outgoing.write(body.subarray(offset, offset + 64 * 1024));
    outgoing.end();
  });
}

describe('the body limit over a real socket', () => {
  let gateway: TestGateway;
  let server: Listening;
  beforeAll(async () => {
    gateway = await startTestGateway();
    server = await listenOnFreePort(gateway);
  });
  afterAll(async () => {
    await server.close();
    await gateway.dispose();
  });

  const oversize = () => Buffer.from(`{"procedureId":"${PROCEDURE}","form":{"x":"${'a'.repeat(gateway.config.limits.bodyBytes)}"}}`);

  it.each(['content-length', 'chunked'] as const)('answers 413 problem+json to an oversize body sent with %s, storing nothing', async (framing) => {
    const before = gateway.recorded();
    const response = await post(server.port, oversize(), framing);
    expect(response.status).toBe(413);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(gateway.recorded()).toBe(before);
  });

  it.each(['content-length', 'chunked'] as const)('records a valid submission sent with %s', async (framing) => {
    const before = gateway.recorded();
    const response = await post(server.port, Buffer.from(JSON.stringify(validSample(PROCEDURE))), framing);
    expect(response.status).toBe(202);
    expect(gateway.recorded()).toBe(before + 1);
  });
});
