import { join } from 'node:path';
import type { ConvenienceStoreOptions } from '../../adapters/convenience-store/definition.js';
import type { PaymentProviderOptions } from '../../adapters/payment/definition.js';
import type { ResidentRegistryOptions } from '../../adapters/resident-registry/definition.js';
import type { TaxOptions } from '../../adapters/tax/definition.js';
import type { WelfareOptions } from '../../adapters/welfare/definition.js';
import type { Config } from '../config.js';
import { ConfigurationError } from '../errors.js';

/** Where the bundled simulators listen; the dev profile's edge fills this in, production leaves it empty. */
export interface SimulatorAddresses {
  residentRegistry?: { baseUrl: string };
  welfare?: { baseUrl: string };
  /** Payment providers the simulator plays, by provider name. */
  payment: Record<string, PaymentProviderOptions>;
  convenienceStore?: { baseUrl: string; apiKey: string };
}

/** Each adapter's options, complete: what {@link SYSTEM_DEFINITIONS}' `create` takes. */
export interface ResolvedSystemOptions {
  residentRegistry: ResidentRegistryOptions;
  tax: TaxOptions;
  welfare: WelfareOptions;
  payment: Record<string, PaymentProviderOptions>;
  convenienceStore: ConvenienceStoreOptions;
}

/** How long a tax message waits for its batch in the dev profile when configuration does not say, so a demo sees results. */
const DEV_TAX_MAX_WAIT_MS = 2000;

/** The directory shared with the tax system: configured, or under the data directory. */
export function taxExchangeDirectory(config: Config): string {
  return config.systems.tax.exchangeDirectory ?? join(config.dataDirectory, 'tax-exchange');
}

function required<T>(value: T | undefined, setting: string): T {
  if (value === undefined) throw new ConfigurationError(`setting '${setting}': required when the simulators are off`);
  return value;
}

/**
 * Turns configuration, plus the simulators' addresses in the dev profile, into
 * each adapter's options. Configured values win over a simulator's. Throws
 * ConfigurationError naming the setting a system still lacks.
 */
export function resolveSystemOptions(config: Config, simulators: SimulatorAddresses): ResolvedSystemOptions {
  const { residentRegistry, tax, welfare } = config.systems;
  const { pickupValidityDays: _validity, schedulerIntervalMs: _interval, ...store } = config.convenienceStore;
  return {
    residentRegistry: { ...residentRegistry, baseUrl: required(residentRegistry.baseUrl ?? simulators.residentRegistry?.baseUrl, 'systems.residentRegistry.baseUrl') },
    welfare: { ...welfare, baseUrl: required(welfare.baseUrl ?? simulators.welfare?.baseUrl, 'systems.welfare.baseUrl') },
    tax: {
      exchangeDirectory: taxExchangeDirectory(config),
      cutoff: { ...tax.cutoff, maxWaitMs: tax.cutoff.maxWaitMs ?? (config.profile === 'dev' ? DEV_TAX_MAX_WAIT_MS : undefined) },
      pollIntervalMs: tax.pollIntervalMs,
      leaseMs: tax.leaseMs,
    },
    payment: { ...simulators.payment, ...config.payment.providers },
    convenienceStore: {
      ...store,
      baseUrl: required(store.baseUrl ?? simulators.convenienceStore?.baseUrl, 'convenienceStore.baseUrl'),
      apiKey: required(store.apiKey ?? simulators.convenienceStore?.apiKey, 'convenienceStore.apiKey'),
    },
  };
}
