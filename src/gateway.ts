import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { loadCatalog } from './catalog/load-catalog.js';
import type { Config } from './config.js';
import { devAccessTokenSecret } from './dev-secret.js';
import { startDevEnvironment, type DevEnvironment } from './dev/dev-environment.js';
import { createApp } from './http/app.js';
import type { AppEnv } from './http/env.js';
import { AccessTokens } from './intake/access-token.js';
import type { SubmissionCheck } from './intake/check.js';
import { createEvidenceChecks } from './intake/evidence-checks.js';
import { Intake } from './intake/intake.js';
import type { Logger } from './logger.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';

/** A wired gateway: the app and what it owns. */
export interface Gateway {
  app: OpenAPIHono<AppEnv>;
  store: Store;
  /** The dev PKI and bundled simulators (empty outside the dev profile). */
  dev: DevEnvironment;
  /** Marks the gateway as draining: `/readyz` answers 503 from now on. */
  drain(): void;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  store?: Store;
  checks?: SubmissionCheck[];
  clock?: () => Date;
}

/** Builds the gateway from validated configuration: catalog, store, intake, HTTP app. */
export async function createGateway(config: Config, logger: Logger, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const clock = overrides.clock ?? (() => new Date());
  const catalog = await loadCatalog(config.catalogDirectory, { clock });
  const dev = await startDevEnvironment(config, logger);
  const store = overrides.store ?? (await openStore(config.store, logger));
  const checks =
    overrides.checks ?? createEvidenceChecks({ config, devPki: dev.pki, paymentProviders: dev.paymentProviders, clock, logger });
  const accessTokens = new AccessTokens(config.accessTokenSecret ?? devAccessTokenSecret(config.dataDirectory));
  const intake = new Intake({
    store,
    catalog,
    checks,
    accessTokens,
    idempotencyTtlSeconds: config.idempotency.ttlSeconds,
    clock,
    logger,
  });
  let draining = false;
  const app = createApp({
    catalog,
    store,
    intake,
    clients: config.clients,
    corsOrigins: config.cors.origins,
    limits: config.limits,
    readiness: [{ name: 'store', check: () => store.ping() }],
    isDraining: () => draining,
    logger,
  });
  logger.info({ procedures: catalog.list().length, store: config.store.kind }, 'gateway ready');
  return {
    app,
    store,
    dev,
    drain: () => {
      draining = true;
    },
    close: async () => {
      await store.close();
      await dev.close();
    },
  };
}

/** Listens on the configured port; resolves with the bound port once listening. */
export function listen(gateway: Gateway, config: Config): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: gateway.app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}
