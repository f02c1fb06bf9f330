import { SYSTEM_DEFINITIONS } from '../../../src/systems/registry.js';
import type { OutboundMessage } from '../../../src/runner/adapter.js';
import { startResidentRegistrySimulator } from '../../../adapters/resident-registry/simulator/index.js';
import type { CoreSystemHarness } from './core-system-harness.js';
import { adapterDependencies } from './dependencies.js';

/** 中村 of the resident fixtures, in 住民 status, and a resident already 死亡. */
const LIVING = '1036003827';
const DECEASED = '1034835620';
const DESTINATION = '東京都千代田区霞が関2丁目1番2号';

function movingOut(id: string, record: Record<string, unknown>): OutboundMessage {
  return { messageId: `app-${id}:notify-registry`, applicationId: `app-${id}`, procedureId: 'moving-out', step: 'notify-registry', operation: 'moving-out-notice', record };
}

const notice = (atenaNumber: string) => ({ atenaNumber, plannedDate: '2026-04-20', notifiedOn: '2026-04-01', destinationAddress: DESTINATION, destinationPostalCode: '100-0013' });

/** The resident registry (XML over HTTP) and its simulator; a 転出届 is the message that changes the registry. */
export async function residentRegistryHarness(): Promise<CoreSystemHarness> {
  const simulator = await startResidentRegistrySimulator({ now: () => new Date('2026-04-01T00:30:00Z') });
  const adapter = SYSTEM_DEFINITIONS.residentRegistry.create({ baseUrl: simulator.url, timeoutMs: 2_000, myNumberPermitted: false }, adapterDependencies());
  let closed = false;
  return {
    adapter,
    acceptedMessage: movingOut('registry-1', notice(LIVING)),
    refusedMessage: movingOut('registry-2', notice(DECEASED)),
    malformedMessage: movingOut('registry-3', { ...notice(LIVING), plannedDate: '20 April' }),
    personalData: [LIVING, DECEASED, DESTINATION],
    effects: async (messageId) => simulator.movingOutReceipts().filter((receipt) => receipt.messageId === messageId).length,
    answers: () => Promise.reject(new Error('the registry answers at once: no outcome is accepted')),
    takeDown: async () => {
      closed = true;
      await simulator.close();
    },
    close: async () => {
      if (!closed) await simulator.close();
    },
  };
}
