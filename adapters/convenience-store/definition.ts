import { z } from 'zod';
import type { StoreNetworkClient } from '../../src/issuance/convenience-store/store-network.js';
import type { Logger } from '../../src/logger.js';
import type { AdapterDefinition } from '../../src/systems/adapter-definition.js';
import { createConvenienceStoreClient } from './client.js';

/**
 * Options of the store network connection (`convenienceStore` in configuration).
 * Base URL and key may be left out in the dev profile, where the bundled
 * simulator's are used; the resolver refuses to start without them otherwise.
 */
export const ConvenienceStoreOptionsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().min(1).optional(),
    municipalityCode: z.string().regex(/^[0-9]{6}$/).default('271004'),
    /** Limit for one attempt. */
    timeoutMs: z.int().min(50).max(60_000).default(5_000),
    /** Immediate retries for no answer and 5xx other than maintenance. */
    retries: z.int().min(0).max(5).default(2),
  })
  .strict();
export type ConvenienceStoreOptions = z.input<typeof ConvenienceStoreOptionsSchema> & { baseUrl: string; apiKey: string };

/**
 * The convenience-store adapter definition: configuration
 * ({@link ConvenienceStoreOptionsSchema}) and how a client is made from it.
 * Throws a `ZodError` for invalid options.
 */
export const convenienceStoreAdapter = {
  system: 'convenience-store',
  optionsSchema: ConvenienceStoreOptionsSchema,
  create(options: ConvenienceStoreOptions, dependencies: { fetch?: typeof fetch; logger?: Logger } = {}): StoreNetworkClient {
    const { baseUrl, apiKey, ...valid } = ConvenienceStoreOptionsSchema.required({ baseUrl: true, apiKey: true }).parse(options);
    return createConvenienceStoreClient({ baseUrl, apiKey, ...valid, fetch: dependencies.fetch, logger: dependencies.logger });
  },
} satisfies AdapterDefinition<typeof ConvenienceStoreOptionsSchema, ConvenienceStoreOptions, StoreNetworkClient>;
