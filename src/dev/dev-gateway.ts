import type { Config } from '../config.js';
import { createGateway, type Gateway, type GatewayOverrides } from '../gateway.js';
import type { Logger } from '../logger.js';
import { startDevEnvironment, type DevEnvironment } from './dev-environment.js';

/** A gateway of the dev profile, with the dev PKI and bundled simulators it runs beside. */
export interface DevGateway extends Gateway {
  dev: DevEnvironment;
}

/**
 * The dev profile's edge: starts the dev environment (dev PKI, simulators, dev
 * identity provider), then the gateway on it. main.ts loads this module only
 * in the dev profile, so nothing of src/dev/ or a simulator is in the
 * production profile's import graph.
 */
export async function createDevGateway(config: Config, logger: Logger, overrides: GatewayOverrides = {}): Promise<DevGateway> {
  const clock = overrides.clock ?? (() => new Date());
  const dev = await startDevEnvironment(config, logger, clock);
  try {
    return { ...(await createGateway(config, logger, overrides, dev)), dev };
  } catch (error) {
    await dev.close();
    throw error;
  }
}
