import type { Server } from 'node:http';
import { loadConfig, type Config } from './config.js';
import { ConfigurationError } from './errors.js';
import { createGateway, listen, type Gateway } from './gateway.js';
import { createLogger, type Logger } from './logger.js';

/**
 * The production profile runs on configuration alone. The dev profile's edge
 * (dev PKI, bundled simulators, dev identity provider) is loaded only here and
 * only by a dynamic import, so none of it is in the production import graph
 * (test/import-graph.test.ts checks the built dist/src/main.js).
 */
async function startGateway(config: Config, logger: Logger): Promise<Gateway> {
  if (config.profile !== 'dev') return createGateway(config, logger);
  const { createDevGateway } = await import('./dev/dev-gateway.js');
  return createDevGateway(config, logger);
}

/**
 * Starts the gateway and stops it cleanly: on SIGTERM/SIGINT it stops accepting,
 * reports draining on /readyz, finishes requests in flight, closes the store, exits 0.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`kakehashi: cannot start: ${(error as Error).message}\n`);
    process.exit(78);
  }
  const logger = createLogger({ level: config.logLevel });
  let gateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`kakehashi: cannot start: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const { server: listening, port } = await listen(gateway, config);
  // serve() without createServer options is a plain node:http server
  const server = listening as Server;
  const base = config.publicBaseUrl ?? `http://localhost:${port}`;
  logger.info({ port, profile: config.profile, docs: `${base}/docs`, openapi: `${base}/openapi.json` }, `Kakehashi listening on ${base} (API docs: ${base}/docs)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new connections, finishing requests in flight');
    gateway.drain();
    const force = setTimeout(() => {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdown.graceSeconds * 1000);
    force.unref();
    server.close(async () => {
      await gateway.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
