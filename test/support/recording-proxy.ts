import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy, byte for byte: what an eavesdropper on the wire would capture. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A forwarding HTTP proxy that keeps a copy of every request; `replay` sends a captured one to the target again. */
export interface RecordingProxy {
  url: string;
  captured: CapturedRequest[];
  replay(request: CapturedRequest): Promise<Response>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
  );
}

/** Starts a proxy on 127.0.0.1 in front of `target` (e.g. `http://127.0.0.1:8080`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const captured: CapturedRequest[] = [];
  const send = (request: CapturedRequest) =>
    fetch(`${target}${request.path}`, {
      method: request.method,
      headers: forwardable(request.headers),
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
      redirect: 'manual',
    });
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers, body: Buffer.concat(chunks) };
      captured.push(request);
      send(request)
        .then(async (response) => {
          const body = Buffer.from(await response.arrayBuffer());
          outgoing.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream', 'content-length': body.length });
          outgoing.end(body);
        })
        .catch(() => outgoing.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    replay: send,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
