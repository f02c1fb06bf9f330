import { z } from 'zod';
import type { AdapterDependencies, AdapterDefinition } from '../../src/systems/adapter-definition.js';
import { createWelfareAdapter, type WelfareAdapter } from './client.js';
import { WELFARE_SYSTEM } from './errors.js';

/** Options of the welfare package's interface (`systems.welfare`). No base URL: the bundled simulator's (dev profile). */
export const WelfareOptionsSchema = z
  .object({
    baseUrl: z.url().optional(),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    encoding: z.enum(['cp932', 'utf-8']).default('cp932'),
  })
  .strict();
export type WelfareOptions = z.output<typeof WelfareOptionsSchema> & { baseUrl: string };

/** The welfare adapter definition (CSV uploads over HTTP, signed callbacks). */
export const welfareAdapter = {
  system: WELFARE_SYSTEM,
  optionsSchema: WelfareOptionsSchema,
  create: (options: WelfareOptions, dependencies: Pick<AdapterDependencies, 'charsetPolicy' | 'logger' | 'fetch'>): WelfareAdapter =>
    createWelfareAdapter({
      ...options,
      charsetPolicy: dependencies.charsetPolicy,
      logger: dependencies.logger.child({ system: 'welfare' }),
      fetch: dependencies.fetch,
    }),
} satisfies AdapterDefinition<typeof WelfareOptionsSchema, WelfareOptions, WelfareAdapter>;
