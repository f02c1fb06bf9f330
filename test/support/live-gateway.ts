import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_CLIENTS, parseConfig, type Config } from '../../src/config.js';
import { createDevGateway, type DevGateway } from '../../src/dev/dev-gateway.js';
import { listen } from '../../src/gateway.js';
import { seedFixtureUploads } from './fixture-uploads.js';
import { createLogger } from '../../src/logger.js';
import { fixturePkiSettings } from './evidence.js';
import { fixtureClock } from './fixture-time.js';
import { freePort } from './free-port.js';
import { SECOND_STAFF_CLIENT } from './reviews.js';

/** A whole dev gateway listening on a real port: simulators, runner and all, as `npm start` runs it. */
export interface LiveGateway {
  gateway: DevGateway;
  url: string;
  config: Config;
  stop(): Promise<void>;
}

/** Starts a dev gateway with its simulators on free ports and a fast runner. */
export async function startLiveGateway(settings: Record<string, unknown> = {}): Promise<LiveGateway> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-live-'));
  const port = await freePort();
  const config = parseConfig({
    profile: 'dev',
    host: '127.0.0.1',
    port,
    dataDirectory,
    store: { kind: 'sqlite', path: join(dataDirectory, 'kakehashi.db') },
    clients: [...DEV_CLIENTS, SECOND_STAFF_CLIENT],
    accessTokenSecret: 'live-secret-live-secret-live-secret-0000',
    simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0, identityProviderPort: 0 },
    runner: { pollIntervalMs: 50, retry: { baseDelayMs: 100, maxDelayMs: 1000 } },
    systems: { tax: { pollIntervalMs: 100, cutoff: { maxWaitMs: 200 } } },
    logLevel: 'warn',
    ...fixturePkiSettings(),
    ...settings,
  });
  const gateway = await createDevGateway(config, createLogger({ level: 'silent' }), { clock: fixtureClock });
  await seedFixtureUploads(gateway.store);
  const { server } = await listen(gateway, config);
  return {
    gateway,
    url: `http://127.0.0.1:${port}`,
    config,
    stop: async () => {
      await new Promise<void>((resolve) => {
        (server as Server).close(() => resolve());
        (server as Server).closeAllConnections();
      });
      await gateway.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** An application as its status endpoint shows it. */
export interface FollowedApplication {
  status: string;
  timeline: { status: string; source: string; detail: string }[];
}

/** Follows an application until its status is one of `until` (or `until` holds), or fails after `timeoutMs`. */
export async function followUntil(live: LiveGateway, id: string, until: string[] | ((view: FollowedApplication) => boolean), timeoutMs = 20_000): Promise<FollowedApplication> {
  const reached = typeof until === 'function' ? until : (view: FollowedApplication) => until.includes(view.status);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${live.url}/v1/applications/${id}`, { headers: { authorization: 'Bearer dev-staff-key' } })).json()) as FollowedApplication;
    if (reached(view)) return view;
    if (Date.now() > deadline) throw new Error(`application ${id} is still ${view.status}: ${JSON.stringify(view.timeline)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
