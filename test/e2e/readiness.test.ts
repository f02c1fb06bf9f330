import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { residentOfApplicant, signedBy } from '../support/evidence.js';
import { validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { startLiveGateway, type LiveGateway } from '../support/live-gateway.js';

/** A CRL distribution point on a real port whose answer the test decides. */
async function crlServer(answer: (response: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => answer(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jpki-signing.crl`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function pkiWithCrlAt(url: string): Record<string, unknown> {
  const directory = inject('fixturePkiDirectory');
  return {
    pki: {
      trustAnchorFiles: [join(directory, 'jpki-root-ca.pem')],
      intermediateFiles: [join(directory, 'jpki-signing-ca.pem')],
      crlSources: [{ kind: 'url', url }],
    },
  };
}

const readiness = async (live: LiveGateway) => {
  const response = await fetch(`${live.url}/readyz`);
  return { status: response.status, body: await json(response) };
};

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe('readiness waits for the revocation data', () => {
  it('says ready only once the CRL is in, and a valid signed application is then accepted', async () => {
    const crl = readFileSync(join(inject('fixturePkiDirectory'), 'jpki-signing.crl'));
    const source = await crlServer((response) => setTimeout(() => response.end(crl), 1500));
    cleanups.push(source.close);
    const live = await startLiveGateway(pkiWithCrlAt(source.url));
    cleanups.push(live.stop);

    const first = await readiness(live);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ type: '/problems/not-ready', state: 'not-ready', checks: expect.arrayContaining([{ name: 'revocation', ok: false }]) });
    expect((await fetch(`${live.url}/healthz`)).status).toBe(200);

    const deadline = Date.now() + 10_000;
    while ((await readiness(live)).status !== 200) {
      if (Date.now() > deadline) throw new Error('/readyz never turned 200 although the CRL was served');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const body = validSample('moving-out');
    const submitted = await fetch(`${live.url}/v1/applications`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `ready-${Math.random()}` },
      body: JSON.stringify(await signedBy(residentOfApplicant(body).atenaNumber, body)),
    });
    const answer = await json(submitted);
    expect(submitted.status, JSON.stringify(answer)).toBe(202);
  });

  it.each([
    ['answers 500', (response: ServerResponse) => response.writeHead(500).end()],
    ['never answers', () => {}],
  ])('stays not ready while the CRL source %s, while the process is healthy', async (_case, answer) => {
    const source = await crlServer(answer);
    cleanups.push(source.close);
    const live = await startLiveGateway(pkiWithCrlAt(source.url));
    cleanups.push(live.stop);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const ready = await readiness(live);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ type: '/problems/not-ready', state: 'not-ready', checks: expect.arrayContaining([{ name: 'store', ok: true }, { name: 'revocation', ok: false }]) });
    expect((await fetch(`${live.url}/healthz`)).status).toBe(200);
  });
});
