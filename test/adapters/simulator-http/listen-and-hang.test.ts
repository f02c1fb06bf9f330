import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Hangs, type HangOutcome } from '../../../adapters/simulator-http/hang.js';
import { closeServer, listenOn } from '../../../adapters/simulator-http/listen.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) if (server.listening) await closeServer(server);
});

/** A server whose every request hangs for `ms`, reporting how each hang ended. */
function hangingServer(hangs: Hangs, ms: number, outcomes: HangOutcome[]): Server {
  const server = createServer((request, response) => {
    request.resume();
    void hangs.wait(response, ms).then((outcome) => {
      outcomes.push(outcome);
      if (outcome === 'elapsed') response.end('late');
    });
  });
  servers.push(server);
  return server;
}

describe('listenOn and closeServer', () => {
  it('listens on a free port of 127.0.0.1 by default and returns a URL that answers', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    servers.push(server);
    const url = await listenOn(server);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(url)).text()).toBe('ok');
  });

  it('rejects when the port is taken', async () => {
    const first = createServer();
    const second = createServer();
    servers.push(first, second);
    const { port } = new URL(await listenOn(first));
    await expect(listenOn(second, { host: '127.0.0.1', port: Number(port) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('brackets an IPv6 host in the URL (needs IPv6 loopback ::1)', async () => {
    const server = createServer((_request, response) => response.end('v6'));
    servers.push(server);
    const url = await listenOn(server, { host: '::1' });
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(await (await fetch(url)).text()).toBe('v6');
  });

  it('cuts a hanging request when closing, and rejects a second close', async () => {
    const hangs = new Hangs();
    const server = hangingServer(hangs, 60_000, []);
    const url = await listenOn(server);
    const hanging = fetch(url).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => server.once('request', resolve));
    hangs.clear();
    await closeServer(server);
    expect(await hanging).toBe('cut');
    await expect(closeServer(server)).rejects.toThrow();
  });
});

describe('Hangs', () => {
  it('answers once the wait elapsed', async () => {
    const outcomes: HangOutcome[] = [];
    const url = await listenOn(hangingServer(new Hangs(), 1, outcomes));
    expect(await (await fetch(url)).text()).toBe('late');
    expect(outcomes).toEqual(['elapsed']);
  });

  it('ends the wait when the client goes away', async () => {
    const outcomes: HangOutcome[] = [];
    const server = hangingServer(new Hangs(), 60_000, outcomes);
    const url = await listenOn(server);
    const abort = new AbortController();
    const request = fetch(url, { signal: abort.signal }).catch(() => undefined);
    await new Promise((resolve) => server.once('request', resolve));
    abort.abort();
    await request;
    await expect.poll(() => outcomes).toEqual(['client-gone']);
  });
});
