import { SYSTEM_DEFINITIONS } from '../../../src/systems/registry.js';
import type { OutboundMessage } from '../../../src/runner/adapter.js';
import { startWelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { SECRET, startCallbackReceiver, twoChildClaim } from '../welfare/helpers.js';
import type { CoreSystemHarness } from './core-system-harness.js';
import { adapterDependencies } from './dependencies.js';

function claim(id: string, record: Record<string, unknown>): OutboundMessage {
  return { messageId: `app-${id}:send-claim`, applicationId: `app-${id}`, procedureId: 'child-allowance', step: 'send-claim', operation: 'child-allowance-claim', record };
}

/** The welfare package (CSV uploads over HTTP, signed callbacks) and its simulator; a 児童手当 claim is the message. */
export async function welfareHarness(): Promise<CoreSystemHarness> {
  const receiver = await startCallbackReceiver();
  const simulator = await startWelfareSimulator({
    callbackSecret: SECRET,
    callbackUrl: `${receiver.url}/`,
    callbackDelayMs: 10,
    callbackRetry: { attempts: 2, baseDelayMs: 20 },
    now: () => new Date('2026-03-31T21:30:00Z'),
  });
  const adapter = SYSTEM_DEFINITIONS.welfare.create({ baseUrl: simulator.url, timeoutMs: 2_000, encoding: 'cp932' }, adapterDependencies());
  const record = twoChildClaim();
  // 𠮷 is not in CP932: under the `reject` policy the package could not hold the name.
  const unencodable = { ...record, claimant: { ...record.claimant, name: '𠮷田　一郎' } };
  const { claimant: _claimant, ...withoutClaimant } = record;
  let closed = false;
  return {
    adapter,
    acceptedMessage: claim('welfare-1', record),
    refusedMessage: claim('welfare-2', unencodable),
    malformedMessage: claim('welfare-3', withoutClaimant),
    personalData: [record.claimant.name, record.claimant.address, record.claimant.bankAccount.accountNumber, '𠮷田'],
    effects: async (messageId) => simulator.imports().filter((item) => item.messageId === messageId).length,
    answers: async () => {
      await simulator.settled();
      return receiver.requests.map((request) => (JSON.parse(request.body.toString('utf8')) as { messageId: string }).messageId);
    },
    takeDown: async () => {
      closed = true;
      await simulator.close();
    },
    close: async () => {
      if (!closed) await simulator.close();
      await receiver.close();
    },
  };
}
