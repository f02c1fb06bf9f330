import { createResidentRegistryAdapter, type ResidentRegistryAdapter } from '../../adapters/resident-registry/index.js';
import { createTaxAdapter, type TaxAdapter } from '../../adapters/tax/index.js';
import { createWelfareAdapter } from '../../adapters/welfare/index.js';
import { createDegradeTable } from '../codecs/degrade.js';
import type { Config } from '../config.js';
import type { DevEnvironment } from '../dev/dev-environment.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CoreSystemAdapter } from '../runner/adapter.js';

/** The adapters of the core systems, keyed by system id, and the tax adapter's file poller. */
export interface CoreSystems {
  adapters: ReadonlyMap<string, CoreSystemAdapter>;
  tax: TaxAdapter;
  /** The resident registry's typed lookups, for prefill (outside the route runner). */
  residentRegistry: ResidentRegistryAdapter;
}

/**
 * Creates one adapter per core system from configuration (URLs may come from
 * the dev simulators). `resume` hands asynchronous replies (tax result files)
 * to the route runner.
 */
export function createCoreSystems(options: {
  config: Config;
  systems: DevEnvironment['systems'];
  clock: () => Date;
  logger: Logger;
  resume: (correlationKey: string, system: string, reply: Record<string, unknown>) => Promise<boolean>;
}): CoreSystems {
  const { config, systems, clock, logger } = options;
  const required = (value: string | undefined, setting: string): string => {
    if (!value) throw new ConfigurationError(`setting '${setting}': required when the simulators are off`);
    return value;
  };
  const charsetPolicy = { policy: config.charset.policy, degrade: createDegradeTable(config.charset.degrade) };
  const residentRegistry = createResidentRegistryAdapter({
    baseUrl: required(systems.residentRegistry.baseUrl, 'systems.residentRegistry.baseUrl'),
    timeoutMs: systems.residentRegistry.timeoutMs,
    myNumberPermitted: systems.residentRegistry.myNumberPermitted,
  });
  const welfare = createWelfareAdapter({
    baseUrl: required(systems.welfare.baseUrl, 'systems.welfare.baseUrl'),
    timeoutMs: systems.welfare.timeoutMs,
    encoding: systems.welfare.encoding,
    charsetPolicy,
    logger: logger.child({ system: 'welfare' }),
  });
  const tax = createTaxAdapter({
    exchangeDirectory: systems.tax.exchangeDirectory,
    cutoff: { maxMessages: systems.tax.cutoff.maxMessages, atTimesOfDay: systems.tax.cutoff.atTimesOfDay, maxWaitMs: systems.tax.cutoff.maxWaitMs ?? (config.profile === 'dev' ? 2000 : undefined) },
    pollIntervalMs: systems.tax.pollIntervalMs,
    charsetPolicy,
    clock,
    logger: logger.child({ system: 'tax' }),
    onResult: (correlationKey, reply) => options.resume(correlationKey, 'tax', reply),
  });
  const adapters = new Map<string, CoreSystemAdapter>([
    [residentRegistry.system, residentRegistry],
    [welfare.system, welfare],
    [tax.system, tax],
  ]);
  return { adapters, tax, residentRegistry };
}
