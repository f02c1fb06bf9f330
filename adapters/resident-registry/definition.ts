import { z } from 'zod';
import type { AdapterDefinition } from '../../src/systems/adapter-definition.js';
import { createResidentRegistryAdapter, type ResidentRegistryAdapter } from './client.js';
import { RESIDENT_REGISTRY_SYSTEM } from './errors.js';

/** Options of the registry connection (`systems.residentRegistry`). No base URL: the bundled simulator's (dev profile). */
export const ResidentRegistryOptionsSchema = z
  .object({
    baseUrl: z.url().optional(),
    timeoutMs: z.number().int().min(100).max(120_000).default(5000),
    /** Whether this city's registry interface may hand out 個人番号 to the gateway. */
    myNumberPermitted: z.boolean().default(false),
  })
  .strict();
export type ResidentRegistryOptions = z.output<typeof ResidentRegistryOptionsSchema> & { baseUrl: string };

/** The resident registry adapter definition (XML over HTTP). */
export const residentRegistryAdapter = {
  system: RESIDENT_REGISTRY_SYSTEM,
  optionsSchema: ResidentRegistryOptionsSchema,
  create: (options: ResidentRegistryOptions, dependencies: { fetch?: typeof fetch } = {}): ResidentRegistryAdapter =>
    createResidentRegistryAdapter({ ...options, fetch: dependencies.fetch }),
} satisfies AdapterDefinition<typeof ResidentRegistryOptionsSchema, ResidentRegistryOptions, ResidentRegistryAdapter>;
