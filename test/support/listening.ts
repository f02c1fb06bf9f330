import type { Server } from 'node:http';
import { listen } from '../../src/gateway.js';
import type { TestGateway } from './gateway.js';

/** A test gateway's HTTP server on a free port of 127.0.0.1. */
export interface Listening {
  port: number;
  url: string;
  /** Cuts every open connection and stops listening; the gateway itself stays up until disposed. */
  close(): Promise<void>;
}

/** Serves `gateway` on a real socket as `listen` does in production, with the gateway's own configuration (its HTTP timeouts included). */
export async function listenOnFreePort(gateway: TestGateway): Promise<Listening> {
  const listening = await listen(gateway, { ...gateway.config, port: 0, host: '127.0.0.1' });
  const server = listening.server as Server;
  return {
    port: listening.port,
    url: `http://127.0.0.1:${listening.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
