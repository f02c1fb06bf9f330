import type { PaymentClient } from '../../adapters/payment/client.js';
import type { ResidentRegistryAdapter } from '../../adapters/resident-registry/index.js';
import type { TaxAdapter } from '../../adapters/tax/adapter.js';
import type { StoreNetworkClient } from '../issuance/convenience-store/store-network.js';
import type { CoreSystemAdapter } from '../runner/adapter.js';
import type { AdapterDependencies } from './adapter-definition.js';
import { SYSTEM_DEFINITIONS } from './registry.js';
import type { ResolvedSystemOptions } from './resolve-options.js';

/** The gateway's adapters, each made once from its definition and shared by whoever needs it. */
export interface Systems {
  /** The core systems the route runner delivers to, by system id. */
  coreSystems: ReadonlyMap<string, CoreSystemAdapter>;
  /** The tax adapter's file poller, which the gateway starts and stops. */
  tax: TaxAdapter;
  /** The resident registry's typed lookups, for prefill (outside the route runner). */
  residentRegistry: ResidentRegistryAdapter;
  /** One client per payment provider, by the name submissions use: intake checks fees, rejections refund them. */
  payments: Record<string, PaymentClient>;
  storeNetwork: StoreNetworkClient;
}

/** Makes every adapter of {@link SYSTEM_DEFINITIONS} from its resolved options. */
export function createSystems(options: ResolvedSystemOptions, dependencies: AdapterDependencies): Systems {
  const { residentRegistry, tax, welfare, payment, convenienceStore } = SYSTEM_DEFINITIONS;
  const registryAdapter = residentRegistry.create(options.residentRegistry, dependencies);
  const welfareAdapter = welfare.create(options.welfare, dependencies);
  const taxAdapter = tax.create(options.tax, dependencies);
  return {
    coreSystems: new Map<string, CoreSystemAdapter>([registryAdapter, welfareAdapter, taxAdapter].map((adapter) => [adapter.system, adapter])),
    tax: taxAdapter,
    residentRegistry: registryAdapter,
    payments: Object.fromEntries(Object.entries(options.payment).map(([name, provider]) => [name, payment.create(provider, dependencies)])),
    storeNetwork: convenienceStore.create(options.convenienceStore, dependencies),
  };
}
