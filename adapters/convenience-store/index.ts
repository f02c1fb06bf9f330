import { z } from 'zod';
import type { StoreNetworkClient } from '../../src/issuance/convenience-store/store-network.js';
import type { Logger } from '../../src/logger.js';
import { createConvenienceStoreClient } from './client.js';

export { createConvenienceStoreClient } from './client.js';
export type { ConvenienceStoreClientOptions } from './client.js';
export { ConvenienceStoreError, CONVENIENCE_STORE_SYSTEM } from './errors.js';
export { OSAKA_CITY_MUNICIPALITY_CODE, PickupCallbackWireSchema, type PickupCallbackWire } from './wire.js';

/** Options of the store network connection, validated at boot. */
export const ConvenienceStoreOptionsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    municipalityCode: z.string().regex(/^[0-9]{6}$/).default('271004'),
    /** Limit for one attempt. */
    timeoutMs: z.int().min(50).max(60_000).default(5_000),
    /** Immediate retries for no answer and 5xx other than maintenance. */
    retries: z.int().min(0).max(5).default(2),
  })
  .strict();
export type ConvenienceStoreOptions = z.input<typeof ConvenienceStoreOptionsSchema>;

/**
 * The convenience-store adapter definition: configuration
 * ({@link ConvenienceStoreOptionsSchema}) and how a client is made from it.
 * Throws a `ZodError` for invalid options; the config loader reports it.
 */
export const convenienceStoreAdapter = {
  system: 'convenience-store',
  optionsSchema: ConvenienceStoreOptionsSchema,
  create(options: ConvenienceStoreOptions, dependencies: { fetch?: typeof fetch; logger?: Logger } = {}): StoreNetworkClient {
    const valid = ConvenienceStoreOptionsSchema.parse(options);
    return createConvenienceStoreClient({ ...valid, ...dependencies });
  },
} as const;
