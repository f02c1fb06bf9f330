import { convenienceStoreAdapter } from '../../adapters/convenience-store/definition.js';
import { paymentAdapter } from '../../adapters/payment/definition.js';
import { residentRegistryAdapter } from '../../adapters/resident-registry/definition.js';
import { taxAdapter } from '../../adapters/tax/definition.js';
import { welfareAdapter } from '../../adapters/welfare/definition.js';

/**
 * Every external system the gateway talks to, one definition each
 * (src/systems/adapter-definition.ts), keyed by its name in configuration.
 * config.ts builds `systems`, `payment.providers` and `convenienceStore` from
 * these schemas; src/systems/create-systems.ts makes the adapters with them.
 * A new system is added here and nowhere else in the wiring.
 */
export const SYSTEM_DEFINITIONS = {
  residentRegistry: residentRegistryAdapter,
  tax: taxAdapter,
  welfare: welfareAdapter,
  payment: paymentAdapter,
  convenienceStore: convenienceStoreAdapter,
} as const;

/** The core systems the route runner delivers to (`systems.<key>` in configuration). */
export const CORE_SYSTEM_KEYS = ['residentRegistry', 'tax', 'welfare'] as const;
