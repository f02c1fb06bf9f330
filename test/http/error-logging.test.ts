import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../src/gateway.js';
import { revocationUnavailable } from '../../src/pki/errors.js';
import { validSample } from '../support/fixtures.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.dispose();
  gateway = undefined;
});

const records = (g: TestGateway) => g.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('expected conditions are one log line without a stack', () => {
  it('logs a submission refused for want of a current CRL once, as a warning naming the code', async () => {
    gateway = await startTestGateway({
      checks: [{ name: 'identity', check: () => Promise.reject(revocationUnavailable('No current CRL covers the signer certificate\u2019s issuer.', 60)) }],
    });
    const response = await submit(gateway, validSample('business-support-grant'));
    expect(response.status).toBe(503);
    const refused = records(gateway).filter((record) => JSON.stringify(record).includes('revocation-unavailable'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 40, event: 'request-refused', code: 'revocation-unavailable', route: '/v1/applications' });
    expect(JSON.stringify(refused[0])).not.toContain('stack');
    expect(gateway.logLines().join('\n')).not.toContain('unhandled error');
  });

  it('logs a client that hangs up mid-body as one info line, not as an unhandled error', async () => {
    gateway = await startTestGateway();
    const { server, port } = await listen(gateway, { ...gateway.config, port: 0, host: '127.0.0.1' });
    try {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        'POST /v1/applications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-frontend-key\r\nContent-Type: application/json\r\nIdempotency-Key: abort-1\r\nContent-Length: 1000\r\n\r\n{"procedureId":',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
      const aborted = await until(() => records(gateway!).find((record) => record.event === 'client-aborted'), 'client-aborted line');
      expect(aborted).toMatchObject({ level: 30, route: '/v1/applications' });
      expect(aborted.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(aborted)).not.toContain('stack');
      expect(gateway.logLines().join('\n')).not.toContain('unhandled error');
    } finally {
      (server as Server).closeAllConnections();
      await new Promise((resolve) => (server as Server).close(resolve));
    }
  });
});
