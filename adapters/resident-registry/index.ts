/**
 * The resident registry (住民記録システム) adapter: XML over HTTP. The wire
 * format is documented in ./README.md; a simulator lives in ./simulator/.
 */
export { createResidentRegistryAdapter, type LookupOptions, type ResidentRegistryAdapter, type ResidentRegistryAdapterOptions } from './client.js';
export { residentRegistryAdapter, ResidentRegistryOptionsSchema, type ResidentRegistryOptions } from './definition.js';
export { RESIDENT_REGISTRY_ERROR_CODES, RESIDENT_REGISTRY_SYSTEM } from './errors.js';
export type {
  HouseholdRecord,
  MovingOutNotice,
  MovingOutReceipt,
  RegistryBirthDate,
  ResidentFacts,
  ResidentRecord,
  ResidentRegistryOperation,
  ResidentStatus,
} from './wire.js';
export { MESSAGE_ID_HEADER, RESIDENT_REGISTRY_PATHS } from './wire.js';
