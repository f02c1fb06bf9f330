import type { z } from 'zod';
import type { CharsetPolicy } from '../codecs/charset-policy.js';
import type { DegradeTable } from '../codecs/degrade.js';
import type { SharedExchangeJournals } from '../exchange-journal/exchange-journal.js';
import type { Logger } from '../logger.js';

/** What the gateway hands every adapter it creates, whether the adapter needs it or not. */
export interface AdapterDependencies {
  clock: () => Date;
  logger: Logger;
  /** What to do with characters a legacy system cannot hold (`charset` in configuration). */
  charsetPolicy: { policy: CharsetPolicy; degrade: DegradeTable };
  /** Hands an asynchronous reply (a tax result file) to the route runner. */
  resume: (correlationKey: string, system: string, reply: Record<string, unknown>) => Promise<boolean>;
  fetch?: typeof fetch;
  /** Journals of file exchanges shared by several gateway processes (the store is PostgreSQL); absent when the gateway runs as one process. */
  exchangeJournals?: SharedExchangeJournals;
}

/**
 * One external system as the gateway knows it: the schema its configuration is
 * validated with (config.ts builds its settings from this very schema, so the
 * adapter's rules are the rules the gateway applies) and how an adapter is made
 * from the options once src/systems/resolve-options.ts has filled them in.
 */
export interface AdapterDefinition<Schema extends z.ZodType, Resolved, Adapter> {
  system: string;
  optionsSchema: Schema;
  create(options: Resolved, dependencies: AdapterDependencies): Adapter;
}
