import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { createResidentRegistryAdapter, RESIDENT_REGISTRY_ERROR_CODES, type MovingOutNotice, type ResidentRegistryAdapter } from '../../../adapters/resident-registry/index.js';
import { startResidentRegistrySimulator, type ResidentRegistrySimulator } from '../../../adapters/resident-registry/simulator/index.js';
import { context, resident, thrown } from './helpers.js';

const HEAD = '1034004400';
const NAKAMURA = '1036003827';
const MOVED_OUT = '1035604908';
const DECEASED = '1034835620';

const notice = (atenaNumber: string): MovingOutNotice => ({
  atenaNumber,
  plannedDate: '2026-04-20',
  notifiedOn: '2026-04-01',
  destinationAddress: '東京都千代田区霞が関2丁目1番2号',
  destinationPostalCode: '100-0013',
});

let simulator: ResidentRegistrySimulator;
let adapter: ResidentRegistryAdapter;

beforeEach(async () => {
  simulator = await startResidentRegistrySimulator({ now: () => new Date('2026-04-01T00:30:00Z') });
  adapter = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 5_000 });
});

afterEach(async () => {
  await simulator.close();
});

function upstream(error: unknown): UpstreamError {
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).system).toBe('resident-registry');
  return error as UpstreamError;
}

describe('転出 notice', () => {
  it('is accepted once; the same message id returns the same receipt and files nothing twice', async () => {
    const first = await adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0001', context());
    expect(first).toEqual({ receiptNumber: 'TS-20260401-000001', atenaNumber: NAKAMURA, acceptedAt: '2026-04-01T00:30:00.000Z' });
    const again = await adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0001', context());
    expect(again).toEqual(first);
    const household = await adapter.householdMembers(resident(NAKAMURA).setaiNumber, context(), { includeRemoved: true });
    expect(household?.members.find((member) => member.atenaNumber === NAKAMURA)?.status).toBe('転出');
  });

  it('a second notice with a new message id is refused permanently: the resident has already moved out', async () => {
    await adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0002', context());
    const error = upstream(await thrown(() => adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0003', context())));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.conflict);
    expect(error.message).toContain('NOT_A_RESIDENT');
  });

  it('refuses (409, permanent) residents already 転出 or 死亡', async () => {
    for (const atenaNumber of [MOVED_OUT, DECEASED]) {
      const error = upstream(await thrown(() => adapter.notifyMovingOut(notice(atenaNumber), `notice-${atenaNumber}`, context())));
      expect(error.retryable).toBe(false);
      expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.conflict);
    }
  });

  it('refuses a reused message id carrying a different notice', async () => {
    await adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0004', context());
    const error = upstream(await thrown(() => adapter.notifyMovingOut(notice(HEAD), 'notice-0004', context())));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('MESSAGE_ID_REUSED');
  });

  it('is delivered through deliver() with the message id of the outbound message', async () => {
    const message = { messageId: 'app-7/step-2', applicationId: 'app-7', procedureId: 'moving-out', step: 'notify', operation: 'moving-out-notice', record: { ...notice(NAKAMURA) } };
    const first = await adapter.deliver(message, context());
    expect(await adapter.deliver(message, context())).toEqual(first);
    expect(simulator.received().map((request) => request.messageId)).toEqual(['app-7/step-2', 'app-7/step-2']);
  });

  it('a reply lost after the registry recorded the notice is retryable, and the retry gets the same receipt', async () => {
    simulator.faults.inject({ kind: 'drop-connection' });
    const error = upstream(await thrown(() => adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0005', context())));
    expect(error.retryable).toBe(true);
    const receipt = await adapter.notifyMovingOut(notice(NAKAMURA), 'notice-0005', context());
    expect(receipt.receiptNumber).toBe('TS-20260401-000001');
  });
});

describe('faults', () => {
  const lookup = () => adapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context());

  it('500 is retryable, and the next request succeeds', async () => {
    simulator.faults.inject({ kind: 'status', status: 500 });
    const error = upstream(await thrown(lookup));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.unavailable);
    expect((await lookup())?.atenaNumber).toBe(HEAD);
  });

  it('503 maintenance is retryable, and fails health too', async () => {
    simulator.faults.inject({ kind: 'status', status: 503 }, 2);
    expect(upstream(await thrown(lookup)).message).toContain('MAINTENANCE');
    expect(upstream(await thrown(() => adapter.health(context()))).retryable).toBe(true);
  });

  it('a hanging registry times out as retryable, without waiting for the hang', async () => {
    simulator.faults.inject({ kind: 'hang', ms: 60_000 });
    const impatient = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 200 });
    const error = upstream(await thrown(() => impatient.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context())));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.timeout);
  });

  it('a cancelled context stops the exchange as retryable', async () => {
    simulator.faults.inject({ kind: 'hang', ms: 60_000 });
    const slow = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = thrown(() => slow.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context(controller.signal)));
    setTimeout(() => controller.abort(), 20);
    const error = upstream(await pending);
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.aborted);
  });

  it('a connection dropped mid-reply is retryable', async () => {
    simulator.faults.inject({ kind: 'drop-connection' });
    const error = upstream(await thrown(lookup));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.unreachable);
  });

  it('a refused connection is retryable', async () => {
    await simulator.close();
    const error = upstream(await thrown(lookup));
    expect(error.retryable).toBe(true);
    simulator = await startResidentRegistrySimulator({});
  });

  it('malformed XML in a 200 reply is retryable', async () => {
    simulator.faults.inject({ kind: 'malformed-xml' });
    const error = upstream(await thrown(lookup));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.replyInvalid);
  });

  it('a truncated reply document is retryable', async () => {
    simulator.faults.inject({ kind: 'truncated-body' });
    const error = upstream(await thrown(lookup));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(RESIDENT_REGISTRY_ERROR_CODES.replyInvalid);
  });

  it('faults apply in order to the next requests only', async () => {
    simulator.faults.inject({ kind: 'status', status: 500 });
    simulator.faults.inject({ kind: 'truncated-body' });
    expect(upstream(await thrown(lookup)).code).toBe(RESIDENT_REGISTRY_ERROR_CODES.unavailable);
    expect(upstream(await thrown(lookup)).code).toBe(RESIDENT_REGISTRY_ERROR_CODES.replyInvalid);
    expect(simulator.faults.pending).toBe(0);
    expect((await lookup())?.atenaNumber).toBe(HEAD);
  });
});
