import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConvenienceStoreClient } from '../../../adapters/convenience-store/client.js';
import { startConvenienceStoreSimulator, type ConvenienceStoreSimulator } from '../../../adapters/convenience-store/simulator/index.js';
import type { Procedure } from '../../../src/catalog/procedure.js';
import { UpstreamError } from '../../../src/errors.js';
import { chooseIssuanceStep, createConvenienceStoreStep, issueThrough, type IssueResult } from '../../../src/issuance/convenience-store/convenience-store-step.js';
import { createPickupScheduler } from '../../../src/issuance/convenience-store/pickup-scheduler.js';
import type { BuiltinStep, BuiltinStepInput } from '../../../src/runner/step-types.js';
import type { Store } from '../../../src/store/types.js';
import { capturingLogger, ManualClock, procedureWith, seedApplication, temporaryStore } from '../../support/runner-harness.js';

const PROCEDURE: Procedure = {
  ...procedureWith('juminhyo-copy', [{ name: 'issue-certificate', action: 'issue-certificate' }]),
  fee: { kind: 'per-copy', amount: 300, copies: '/request/copies' },
  issuanceMethods: ['electronic', 'convenience-store'],
};

/** An instant given in Tokyo time. */
function tokyo(local: string): number {
  return Date.parse(`${local}+09:00`);
}

let store: Store;
let dispose: () => Promise<void>;
let simulator: ConvenienceStoreSimulator;
let clock: ManualClock;
let issued: string[];

/** Issues one certificate per message id, as the real issuing does. */
async function issue(input: BuiltinStepInput): Promise<IssueResult> {
  issued.push(input.messageId);
  return { certificateId: `cert-${input.messageId}` };
}

beforeEach(async () => {
  ({ store, dispose } = temporaryStore());
  simulator = await startConvenienceStoreSimulator({ apiKey: 'network-key', callbackSecret: 'unused', clock: () => clock.now() });
  issued = [];
});
afterEach(async () => {
  await simulator.close();
  await dispose();
});

function client() {
  return createConvenienceStoreClient({ baseUrl: simulator.url, apiKey: 'network-key', timeoutMs: 1_000, retryDelayMs: 1, retries: 0 });
}

function step(overrides: { issue?: typeof issue } = {}): BuiltinStep {
  return createConvenienceStoreStep({ store, issue: overrides.issue ?? issue, client: client(), clock: clock.now, pickupValidityDays: 7, logger: capturingLogger().logger });
}

async function inputFor(id: string, payment: Record<string, unknown> | null = null): Promise<BuiltinStepInput> {
  await seedApplication(store, id, PROCEDURE, clock.now(), { request: { copies: 2, purpose: 'other' } });
  await store.updateApplication(id, { issuance: { method: 'convenience-store' }, ...(payment ? { payment } : {}) }, clock.now().toISOString());
  const application = await store.getApplication(id);
  if (!application) throw new Error('seeded application missing');
  return { application, procedure: PROCEDURE, step: PROCEDURE.route[0]!, results: {}, messageId: `${id}:issue-certificate` };
}

describe('convenience-store step in service hours', () => {
  beforeEach(() => {
    clock = new ManualClock(tokyo('2026-04-01T10:00:00'));
  });

  it('requests issuance, records the pickup and tells the resident the code and until when', async () => {
    const outcome = await step()(await inputFor('app-1'));
    const pickup = await store.getPickupByCertificate('cert-app-1:issue-certificate');
    expect(pickup).toMatchObject({ status: 'requested', copies: 2, fee: 600, requestId: 'app-1:issue-certificate', certificateType: 'juminhyo-copy' });
    expect(pickup?.code).toMatch(/^[0-9]{12}$/);
    expect(pickup?.expiresAt).toBe(new Date(tokyo('2026-04-08T23:00:00')).toISOString());
    expect(outcome.status).toBe('awaiting-pickup');
    expect(outcome.detail).toBe(
      `コンビニで受け取れます。受付番号 ${pickup?.code}、2026年4月8日 23:00まで / Ready for pickup at a convenience store with code ${pickup?.code} until 2026-04-08 23:00 JST`,
    );
    expect(outcome.result).toEqual({ pickup: { certificateId: pickup?.certificateId, status: 'requested', code: pickup?.code, notBefore: pickup?.notBefore, expiresAt: pickup?.expiresAt } });
    expect(simulator.pickups().map((p) => p.request)).toEqual([
      { requestId: 'app-1:issue-certificate', municipalityCode: '271004', certificateType: 'juminhyo-copy', copies: 2, feeYen: 600, expiresAt: pickup?.expiresAt },
    ]);
  });

  it('collects nothing at the kiosk when the fee was paid online', async () => {
    await step()(await inputFor('app-1', { provider: 'card', paymentId: 'pay_1', amount: 600, currency: 'JPY' }));
    expect(simulator.pickups()[0]?.request.feeYen).toBe(0);
  });

  it('re-run with the same message id: one issuance request, one pickup, the same code', async () => {
    const input = await inputFor('app-1');
    const first = await step()(input);
    clock.advance(30_000);
    const second = await step()(input);
    expect(second.detail).toBe(first.detail);
    expect(simulator.pickups()).toHaveLength(1);
    expect(simulator.requests()).toHaveLength(1);
    expect(await store.listPickupsDue(new Date(tokyo('2026-04-30T12:00:00')).toISOString(), 10)).toEqual([]);
  });

  it('two runs of the step at once (a lease lost mid-step) still make one pickup with one code', async () => {
    const input = await inputFor('app-1');
    const [first, second] = await Promise.all([step()(input), step()(input)]);
    expect(second.detail).toBe(first.detail);
    expect(simulator.pickups()).toHaveLength(1);
  });

  it('keeps the pickup pending when the network fails, and the re-run sends it once', async () => {
    const input = await inputFor('app-1');
    simulator.setMaintenance(true);
    const error = await step()(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true, system: 'convenience-store' });
    expect((await store.getPickupByCertificate('cert-app-1:issue-certificate'))?.status).toBe('pending');
    simulator.setMaintenance(false);
    clock.advance(10_000);
    const outcome = await step()(input);
    expect(outcome.detail).toContain('受付番号');
    expect(simulator.pickups()).toHaveLength(1);
  });

  it('records nothing when issuing the certificate fails', async () => {
    const failing = async (): Promise<IssueResult> => {
      throw new Error('signing key unavailable');
    };
    await expect(step({ issue: failing })(await inputFor('app-1'))).rejects.toThrow('signing key unavailable');
    expect(simulator.requests()).toHaveLength(0);
    expect(await store.listPickupsDue(new Date(tokyo('2026-05-01T12:00:00')).toISOString(), 10)).toEqual([]);
  });
});

describe('issuing through the electronic issue-certificate step', () => {
  beforeEach(() => {
    clock = new ManualClock(tokyo('2026-04-01T10:00:00'));
  });

  it('uses the certificate the issuing step reports', async () => {
    const issuing: BuiltinStep = async ({ messageId }) => ({ result: { certificateId: `derived-${messageId}` }, status: 'issued', detail: 'issued' });
    await step({ issue: issueThrough(issuing) })(await inputFor('app-1'));
    expect((await store.getPickupByCertificate('derived-app-1:issue-certificate'))?.status).toBe('requested');
  });

  it('ends the application rejected, sending nothing, when the certificate cannot be issued', async () => {
    const issuing: BuiltinStep = async () => ({ result: { issued: false }, status: 'rejected', detail: '未申告のため発行できません / Not issuable: no tax return filed' });
    const outcome = await step({ issue: issueThrough(issuing) })(await inputFor('app-1'));
    expect(outcome).toEqual({
      result: { issued: false, reason: '未申告のため発行できません / Not issuable: no tax return filed' },
      status: 'rejected',
      detail: '未申告のため発行できません / Not issuable: no tax return filed',
    });
    expect(simulator.requests()).toHaveLength(0);
  });

  it('refuses an issuing step that reports no certificate id', async () => {
    const issuing: BuiltinStep = async () => ({ result: { certificateId: 42 }, status: 'issued' });
    await expect(step({ issue: issueThrough(issuing) })(await inputFor('app-1'))).rejects.toBeInstanceOf(TypeError);
    expect(simulator.requests()).toHaveLength(0);
  });
});

describe('convenience-store step outside service hours', () => {
  beforeEach(() => {
    clock = new ManualClock(tokyo('2026-04-01T23:30:00'));
  });

  it('keeps the pickup pending, says when the service opens, and the scheduler sends it at the opening', async () => {
    const outcome = await step()(await inputFor('app-1'));
    expect(outcome.status).toBe('awaiting-pickup');
    expect(outcome.detail).toBe(
      '2026年4月2日 06:30に受付開始。受け取り期限は2026年4月9日 23:00まで / ' +
        'The request will be sent when the service opens at 2026-04-02 06:30 JST; pickup possible until 2026-04-09 23:00 JST',
    );
    expect(simulator.requests()).toHaveLength(0);

    const scheduler = createPickupScheduler({ store, client: client(), clock: clock.now, intervalMs: 1_000 });
    clock.advance(30 * 60_000);
    expect(await scheduler.runOnce()).toBe(0);
    clock.advance(6 * 3_600_000 + 29 * 60_000); // 06:29
    expect(await scheduler.runOnce()).toBe(0);
    clock.advance(60_000); // 06:30
    expect(await scheduler.runOnce()).toBe(1);

    const pickup = await store.getPickupByCertificate('cert-app-1:issue-certificate');
    expect(pickup?.status).toBe('requested');
    expect(simulator.pickups()).toHaveLength(1);
    const last = (await store.getTimeline('app-1')).at(-1);
    expect(last).toEqual({
      status: 'awaiting-pickup',
      at: new Date(tokyo('2026-04-02T06:30:00')).toISOString(),
      source: 'convenience-store',
      detail: `コンビニで受け取れます。受付番号 ${pickup?.code}、2026年4月9日 23:00まで / Ready for pickup at a convenience store with code ${pickup?.code} until 2026-04-09 23:00 JST`,
    });
    expect((await store.getApplication('app-1'))?.status).toBe('awaiting-pickup');
    expect(await scheduler.runOnce()).toBe(0);
    expect(simulator.requests()).toHaveLength(1);
  });

  it('waits over the year-end closure', async () => {
    clock = new ManualClock(tokyo('2026-12-28T23:30:00'));
    const outcome = await step()(await inputFor('app-1'));
    expect(outcome.detail).toContain('2027年1月4日 06:30に受付開始');
    const scheduler = createPickupScheduler({ store, client: client(), clock: clock.now, intervalMs: 1_000 });
    clock.advance(3 * 24 * 3_600_000); // 12/31 23:30
    expect(await scheduler.runOnce()).toBe(0);
    clock.advance(7 * 3_600_000); // 1/1 06:30, still closed
    expect(await scheduler.runOnce()).toBe(0);
    clock.advance(3 * 24 * 3_600_000); // 1/4 06:30
    expect(await scheduler.runOnce()).toBe(1);
  });

  it('scheduler: a failed send stays pending and is tried again after the delay', async () => {
    await step()(await inputFor('app-1'));
    const scheduler = createPickupScheduler({ store, client: client(), clock: clock.now, intervalMs: 1_000, retryDelayMs: 5 * 60_000, logger: capturingLogger().logger });
    clock.advance(7 * 3_600_000); // 06:30
    simulator.injectFault({ kind: 'status', status: 500 }, 1);
    expect(await scheduler.runOnce()).toBe(0);
    expect((await store.getPickupByCertificate('cert-app-1:issue-certificate'))?.status).toBe('pending');
    clock.advance(60_000);
    expect(await scheduler.runOnce()).toBe(0);
    expect(simulator.requests()).toHaveLength(1);
    clock.advance(4 * 60_000);
    expect(await scheduler.runOnce()).toBe(1);
    expect(simulator.pickups()).toHaveLength(1);
  });

  it('scheduler started on a timer sends the due pickup, and stops cleanly', async () => {
    await step()(await inputFor('app-1'));
    clock.advance(7 * 3_600_000);
    const scheduler = createPickupScheduler({ store, client: client(), clock: clock.now, intervalMs: 5 });
    scheduler.start();
    while ((await store.getPickupByCertificate('cert-app-1:issue-certificate'))?.status !== 'requested') {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await scheduler.stop();
    expect(simulator.pickups()).toHaveLength(1);
  });
});

describe('chooseIssuanceStep', () => {
  it('dispatches on issuance.method', async () => {
    clock = new ManualClock();
    const electronic: BuiltinStep = async () => ({ result: { via: 'electronic' }, status: 'issued' });
    const convenience: BuiltinStep = async () => ({ result: { via: 'convenience-store' }, status: 'awaiting-pickup' });
    const chosen = chooseIssuanceStep(electronic, convenience);
    const input = await inputFor('app-1');
    expect((await chosen(input)).result).toEqual({ via: 'convenience-store' });
    for (const issuance of [{ method: 'electronic' }, null, { method: '__proto__' }]) {
      expect((await chosen({ ...input, application: { ...input.application, issuance } })).result).toEqual({ via: 'electronic' });
    }
  });
});
