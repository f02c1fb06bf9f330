import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { SYSTEM_DEFINITIONS } from '../../../src/systems/registry.js';
import { startTaxSimulator } from '../../../adapters/tax/simulator/index.js';
import { exchangeDirectory, messageIdsOfRequestFiles, PEOPLE, taxMessage } from '../tax/helpers.js';
import type { CoreSystemHarness } from './core-system-harness.js';
import { adapterDependencies } from './dependencies.js';

/**
 * The tax system (fixed-length CP932 batch files in a shared directory) and
 * its simulator, polled by hand. A batch is cut at every message, so each
 * delivery writes its request file at once.
 */
export async function taxHarness(): Promise<CoreSystemHarness> {
  const directory = await exchangeDirectory();
  const simulator = await startTaxSimulator({ exchangeDirectory: directory.path, pollIntervalMs: 3_600_000, clock: () => new Date('2026-04-01T00:30:00Z') });
  const answered: string[] = [];
  const adapter = SYSTEM_DEFINITIONS.tax.create(
    { exchangeDirectory: directory.path, cutoff: { maxMessages: 1, atTimesOfDay: [] }, pollIntervalMs: 2_000, leaseMs: 30_000 },
    adapterDependencies({
      resume: async (correlationKey) => {
        answered.push(correlationKey);
        return true;
      },
    }),
  );
  const accepted = taxMessage('tax-1', PEOPLE.takahashi);
  const requestLines = async () => [...(await messageIdsOfRequestFiles(join(directory.path, 'outbox'))), ...(await messageIdsOfRequestFiles(join(directory.path, 'processed')))];
  return {
    adapter,
    acceptedMessage: accepted,
    // 𠮷 is not in CP932: under the `reject` policy the tax file could not hold the name.
    refusedMessage: taxMessage('tax-2', PEOPLE.yoshida),
    malformedMessage: taxMessage('tax-3', PEOPLE.takahashi, { extra: { atenaNumber: 'not a number' } }),
    personalData: [PEOPLE.takahashi.name, PEOPLE.takahashi.nameKana, PEOPLE.yoshida.name],
    effects: async (messageId) => (await requestLines()).filter((id) => id === messageId).length,
    answers: async () => {
      await simulator.poll();
      await adapter.pollInbox();
      return [...answered];
    },
    takeDown: () => rm(directory.path, { recursive: true, force: true }),
    close: async () => {
      await simulator.close();
      await adapter.close();
      await directory.cleanup();
    },
  };
}
