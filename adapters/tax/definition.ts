import { z } from 'zod';
import type { AdapterDependencies, AdapterDefinition } from '../../src/systems/adapter-definition.js';
import type { SharedExchangeJournals } from '../../src/exchange-journal/exchange-journal.js';
import { createTaxAdapter, type TaxAdapter, type TaxAdapterOptions } from './adapter.js';
import type { PendingEntry } from './journal.js';
import type { CutoffRules } from './cutoff-schedule.js';
import { TAX_SYSTEM } from './errors.js';

/** Options of the exchange with the tax system (`systems.tax`). */
export const TaxOptionsSchema = z
  .object({
    /** Exchange directory shared with the tax system (outbox/, inbox/, processed/, rejected/); default under the data directory. */
    exchangeDirectory: z.string().min(1).optional(),
    cutoff: z
      .object({
        maxMessages: z.number().int().min(1).max(1_000_000).default(500),
        /** Times of day (Asia/Tokyo, HH:mm) at which a batch file is written. */
        atTimesOfDay: z.array(z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:mm')).default([]),
        /** Longest a message waits for its batch. */
        maxWaitMs: z.number().int().min(0).max(7 * 24 * 3600_000).optional(),
      })
      .strict()
      .prefault({}),
    pollIntervalMs: z.number().int().min(50).max(3600_000).default(2000),
    /**
     * With several gateway processes (PostgreSQL store): how long the process
     * that owns the exchange keeps it after its last renewal, so how soon
     * another takes over when it dies. At least three polls long.
     */
    leaseMs: z.number().int().min(300).max(600_000).default(30_000),
  })
  .strict()
  .refine((options) => options.leaseMs >= 3 * options.pollIntervalMs, { path: ['leaseMs'], message: 'at least three times pollIntervalMs: the owner renews its lease at its polls' });
export type TaxOptions = { exchangeDirectory: string; cutoff: CutoffRules; pollIntervalMs: number; leaseMs: number };

function sharedJournal(journals: SharedExchangeJournals, leaseMs: number): NonNullable<TaxAdapterOptions['openJournal']> {
  return ({ retentionMs }) => journals.open<PendingEntry>(TAX_SYSTEM, { leaseMs, retentionMs });
}

/** The tax adapter definition (fixed-length CP932 batch files; results come back as files and resume the runner). */
export const taxAdapter = {
  system: TAX_SYSTEM,
  optionsSchema: TaxOptionsSchema,
  create: (options: TaxOptions, dependencies: Omit<AdapterDependencies, 'fetch'>): TaxAdapter =>
    createTaxAdapter({
      ...options,
      charsetPolicy: dependencies.charsetPolicy,
      clock: dependencies.clock,
      logger: dependencies.logger.child({ system: 'tax' }),
      onResult: (correlationKey, reply) => dependencies.resume(correlationKey, TAX_SYSTEM, reply),
      ...(dependencies.exchangeJournals ? { openJournal: sharedJournal(dependencies.exchangeJournals, options.leaseMs) } : {}),
    }),
} satisfies AdapterDefinition<typeof TaxOptionsSchema, TaxOptions, TaxAdapter>;
