import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_CLIENTS, parseConfig } from '../../src/config.js';
import { ConfigurationError } from '../../src/errors.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A dev configuration without simulators: every address must then come from configuration. */
function withoutSimulators(settings: Record<string, unknown>) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-resolve-'));
  directories.push(dataDirectory);
  return parseConfig({ profile: 'dev', dataDirectory, clients: DEV_CLIENTS, simulators: { enabled: false }, ...settings });
}

describe('resolving the systems’ options from configuration', () => {
  it('refuses to start without a simulator or a configured address, naming the setting', async () => {
    const logger = createLogger({ level: 'silent' });
    await expect(createGateway(withoutSimulators({}), logger)).rejects.toThrow(new ConfigurationError("setting 'systems.residentRegistry.baseUrl': required when the simulators are off"));
    const systems = { residentRegistry: { baseUrl: 'http://127.0.0.1:9' }, welfare: { baseUrl: 'http://127.0.0.1:9' } };
    await expect(createGateway(withoutSimulators({ systems, convenienceStore: { baseUrl: 'http://127.0.0.1:9' } }), logger)).rejects.toThrow(
      "setting 'convenienceStore.apiKey': required when the simulators are off",
    );
  });
});
