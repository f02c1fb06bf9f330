import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { z } from 'zod';
import { parseConfig, DEV_CLIENTS, type Config, type ConfigSchema } from '../../src/config.js';
import { createDevGateway, type DevGateway } from '../../src/dev/dev-gateway.js';
import type { Gateway, GatewayOverrides } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { countingStore } from './counting-store.js';
import { seedFixtureUploads } from './fixture-uploads.js';
import { fixturePkiSettings } from './evidence.js';
import { fixtureClock } from './fixture-time.js';
import { SECOND_STAFF_CLIENT } from './reviews.js';

/** A gateway on a fresh SQLite file, with its log lines captured. */
export interface TestGateway extends DevGateway {
  config: Config;
  /** How many applications the store recorded. */
  recorded: () => number;
  logLines: () => string[];
  dispose: () => Promise<void>;
}

/** Builds a gateway with the dev clients on a temporary data directory, on the fixture clock, trusting the fixture-time PKI. */
export async function startTestGateway(overrides: GatewayOverrides & { config?: Partial<z.input<typeof ConfigSchema>> } = {}): Promise<TestGateway> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-test-'));
  const config = parseConfig({
    profile: 'dev',
    dataDirectory,
    store: { kind: 'sqlite', path: join(dataDirectory, 'kakehashi.db') },
    clients: [...DEV_CLIENTS, { id: 'other-frontend', role: 'frontend', key: 'other-frontend-key-0001' }, SECOND_STAFF_CLIENT],
    accessTokenSecret: 'test-secret-test-secret-test-secret-000',
    simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0, identityProviderPort: 0 },
    ...fixturePkiSettings(),
    ...overrides.config,
  });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const store = countingStore(overrides.store ?? openSqliteStore({ path: join(dataDirectory, 'kakehashi.db') }));
  const gateway = await createDevGateway(config, logger, { startRunner: false, clock: fixtureClock, ...overrides, store });
  await seedFixtureUploads(gateway.store);
  return {
    ...gateway,
    config,
    recorded: store.recorded,
    logLines: () => [...lines],
    dispose: async () => {
      await gateway.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

export const FRONTEND = { authorization: 'Bearer dev-frontend-key' };
export const OTHER_FRONTEND = { authorization: 'Bearer other-frontend-key-0001' };
export const STAFF = { authorization: 'Bearer dev-staff-key' };
export const STORE_NETWORK = { authorization: 'Bearer dev-store-key' };

let keyCounter = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  keyCounter += 1;
  return `test-key-${process.pid}-${Date.now()}-${keyCounter}`;
}

/** POST /v1/applications as the dev frontend. */
export function submit(gateway: Gateway, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    gateway.app.request('/v1/applications', {
      method: 'POST',
      headers: { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': newKey(), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
