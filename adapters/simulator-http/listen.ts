/**
 * Starting and stopping the simulators' HTTP servers: every simulator listens
 * the same way, reports its base URL the same way and must stop promptly even
 * while a request hangs.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a simulator listens. */
export interface ListenAddress {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
}

/** Starts listening; resolves with the base URL (e.g. `http://127.0.0.1:53124`, IPv6 hosts in brackets) or rejects when the address cannot be bound. */
export async function listenOn(server: Server, address: ListenAddress = {}): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port ?? 0, address.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return `http://${host}:${bound.port}`;
}

/** Stops listening and cuts every open connection, including hanging ones; rejects when the server was not listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
