import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { revocationUnavailable } from '../../src/pki/errors.js';
import { residentOfApplicant, signedBy } from '../support/evidence.js';
import { validSample, validSamples } from '../support/fixtures.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { listenOnFreePort } from '../support/listening.js';
import { exchangeRaw } from '../support/raw-http.js';

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
    const server = await listenOnFreePort(gateway);
    try {
      const socket = connect(server.port, '127.0.0.1');
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
      await server.close();
    }
  });

  it('logs a core system reply that came before the gateway waits for it as one info line, telling the system to send it again', async () => {
    const taxSecret = 'tax-callback-secret-for-the-early-reply-test';
    gateway = await startTestGateway({ config: { callbacks: { secrets: { tax: taxSecret }, previousSecrets: {} } } });
    // purpose welfare: no fee to pay
    const sample = validSamples('tax-certificate').find(([name]) => name === 'valid-welfare-mail.json')![1];
    const submitted = await submit(gateway, await signedBy(residentOfApplicant(sample).atenaNumber, sample));
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    await gateway.runner.runOnce(); // looks the resident up; the message to the tax system is not sent yet
    const server = await listenOnFreePort(gateway);
    try {
      const body = JSON.stringify({ messageId: `${id}:request-assessment`, status: 'completed', data: {} });
      const t = Math.floor(fixtureClock().getTime() / 1000);
      const signature = `t=${t},v1=${createHmac('sha256', taxSecret).update(`${t}.${body}`).digest('hex')}`;
      const response = await fetch(`${server.url}/v1/callbacks/tax`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kakehashi-signature': signature }, body });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
      expect(await response.json()).toMatchObject({ type: '/problems/reply-too-early' });
      const deferred = records(gateway).filter((record) => JSON.stringify(record).includes('reply-too-early'));
      expect(deferred).toHaveLength(1);
      expect(deferred[0]).toMatchObject({ level: 30, event: 'request-deferred', code: 'reply-too-early', route: '/v1/callbacks/:system' });
      expect(JSON.stringify(deferred[0])).not.toContain('stack');
      expect(gateway.logLines().join('\n')).not.toMatch(/unhandled error|dependency is unavailable/);
    } finally {
      await server.close();
    }
  });

  it('a POST answered (401, no API key) before its body has all arrived logs no warning or error, nor anything on the console', async () => {
    gateway = await startTestGateway();
    const server = await listenOnFreePort(gateway);
    const consoleError = vi.spyOn(console, 'error');
    const consoleInfo = vi.spyOn(console, 'info');
    try {
      const head = 'POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 200000\r\n\r\n';
      const reply = await exchangeRaw(server.port, [head, '{"procedureId":', `"${'a'.repeat(199_984)}"`], 200);
      expect(reply.status).toBe(401);
      expect(records(gateway).filter((record) => (record.level as number) >= 40)).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
      expect(consoleInfo).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
      consoleInfo.mockRestore();
      await server.close();
    }
  });
});
