import pino from 'pino';
import { createDegradeTable } from '../../../src/codecs/degrade.js';
import type { AdapterDependencies } from '../../../src/systems/adapter-definition.js';

/** What the gateway hands a definition's `create`, for contract harnesses: a silent logger, a fixed clock, the `reject` charset policy. */
export function adapterDependencies(overrides: Partial<AdapterDependencies> = {}): AdapterDependencies {
  return {
    clock: () => new Date('2026-04-01T00:30:00Z'),
    logger: pino({ level: 'silent' }),
    charsetPolicy: { policy: 'reject', degrade: createDegradeTable({ replacements: {} }) },
    resume: async () => true,
    ...overrides,
  };
}
