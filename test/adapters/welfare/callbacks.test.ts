import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTimestampedCallback } from '../../../src/callbacks/signature.js';
import { createWelfareAdapter, readWelfareCallback, type WelfareAdapter, type WelfareCallback } from '../../../adapters/welfare/index.js';
import { childAllowanceIncomeCeiling, INCOME_OVER_CEILING_REASON, startWelfareSimulator, type WelfareSimulator, type WelfareSimulatorOptions } from '../../../adapters/welfare/simulator/index.js';
import { context, SECRET, startCallbackReceiver, twoChildClaim, type CallbackReceiver } from './helpers.js';

const MESSAGE_ID = 'app-1:send-claim';
// 2026-04-01 06:30 in Japan: the claim is made in April, so payment starts in May.
const CLAIMED_AT = new Date('2026-03-31T21:30:00Z');

let receiver: CallbackReceiver;
let simulator: WelfareSimulator;
let adapter: WelfareAdapter;

async function start(overrides: Partial<WelfareSimulatorOptions> = {}): Promise<void> {
  simulator = await startWelfareSimulator({
    callbackSecret: SECRET,
    callbackUrl: `${receiver.url}/`,
    callbackDelayMs: 10,
    callbackRetry: { attempts: 4, baseDelayMs: 20 },
    now: () => CLAIMED_AT,
    ...overrides,
  });
  adapter = createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, encoding: 'cp932', charsetPolicy: { policy: 'reject' } });
}

beforeEach(async () => {
  receiver = await startCallbackReceiver();
});

afterEach(async () => {
  await simulator.close();
  await receiver.close();
});

/** Verifies like the gateway route: raw bytes first, then the strict reader. */
function verified(index: number): WelfareCallback {
  const request = receiver.requests[index]!;
  expect(verifyTimestampedCallback([SECRET], request.body, request.headers['x-kakehashi-signature'] as string)).toBe(true);
  return readWelfareCallback(request.body);
}

describe('status callback', () => {
  it('posts a signed completed callback with 認定番号 and 支給開始年月 the month after the claim', async () => {
    await start();
    await adapter.deliver({ messageId: MESSAGE_ID, applicationId: 'app-1', procedureId: 'child-allowance', step: 'send-claim', operation: 'child-allowance-claim', record: twoChildClaim() }, context());
    await simulator.settled();
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.path).toBe('/v1/callbacks/welfare');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-kakehashi-signature']).toMatch(/^t=[0-9]{10},v1=[0-9a-f]{64}$/);
    expect(verified(0)).toEqual({ messageId: MESSAGE_ID, status: 'completed', data: { 認定番号: 'NT-2026-000001', 支給開始年月: '2026-05' } });
  });

  it('the signature covers the raw body: a tampered body, another secret or a re-serialised body is refused', async () => {
    await start();
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    const { body, headers } = receiver.requests[0]!;
    const signature = headers['x-kakehashi-signature'] as string;
    const tampered = Buffer.from(body.toString('utf8').replace('"completed"', '"rejected"'));
    expect(verifyTimestampedCallback([SECRET], tampered, signature)).toBe(false);
    expect(verifyTimestampedCallback([`${SECRET}x`], body, signature)).toBe(false);
    expect(verifyTimestampedCallback([SECRET], JSON.stringify(JSON.parse(body.toString('utf8')), null, 1), signature)).toBe(false);
    expect(verifyTimestampedCallback([SECRET], body, signature)).toBe(true);
  });

  it('income over the 所得上限限度額 for the dependants: a rejected callback with the reason', async () => {
    await start();
    const record = twoChildClaim();
    // 2 dependants: 934万円 ceiling; 所得額 = 合計所得金額 − 8万円.
    record.claimant.income = childAllowanceIncomeCeiling(2) + 80_001;
    await adapter.upload('child-allowance-claim', record, MESSAGE_ID, context());
    await simulator.settled();
    expect(verified(0)).toEqual({ messageId: MESSAGE_ID, status: 'rejected', reason: INCOME_OVER_CEILING_REASON });
  });

  it('income exactly at the ceiling is still completed; no ceiling (the rule from 2024-10) completes any income', async () => {
    await start();
    const atCeiling = twoChildClaim();
    atCeiling.claimant.income = 9_340_000 + 80_000;
    await adapter.upload('child-allowance-claim', atCeiling, 'app-2:send-claim', context());
    await simulator.settled();
    expect(verified(0).status).toBe('completed');
    await simulator.close();

    await start({ incomeCeiling: null });
    const high = twoChildClaim();
    high.claimant.income = 50_000_000;
    await adapter.upload('child-allowance-claim', high, 'app-3:send-claim', context());
    await simulator.settled();
    expect(verified(1).status).toBe('completed');
  });

  it('a custom decision decides, and a rejection without a reason still carries one', async () => {
    await start({ decide: (item) => (item.record.children as unknown[]).length > 1 ? 'rejected' : 'completed' });
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    expect(verified(0)).toMatchObject({ status: 'rejected', reason: expect.any(String) });
  });

  it('a duplicate-callback fault delivers the identical signed callback twice', async () => {
    await start();
    simulator.callbackFaults.inject({ kind: 'duplicate' });
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.body.equals(receiver.requests[0]!.body)).toBe(true);
    expect(verified(1)).toEqual(verified(0));
    expect(simulator.callbacks().map((attempt) => attempt.delivery)).toEqual([1, 2]);
  });

  it('an upload retried after a duplicate reply does not cause a second callback', async () => {
    await start();
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    expect(receiver.requests).toHaveLength(1);
  });

  it('a wrong signature is refused by a verifying receiver, and the package retries with a correct one', async () => {
    await start();
    receiver.respond = (request) => (verifyTimestampedCallback([SECRET], request.body, request.headers['x-kakehashi-signature'] as string) ? 204 : 401);
    simulator.callbackFaults.inject({ kind: 'bad-signature' });
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    expect(simulator.callbacks().map((attempt) => [attempt.attempt, attempt.status, attempt.signedCorrectly])).toEqual([
      [1, 401, false],
      [2, 204, true],
    ]);
  });

  it('retries until a 2xx, and gives up after the configured attempts', async () => {
    await start();
    let failures = 2;
    receiver.respond = () => (failures-- > 0 ? 503 : 200);
    await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    await simulator.settled();
    expect(simulator.callbacks().map((attempt) => attempt.status)).toEqual([503, 503, 200]);

    receiver.respond = () => 500;
    await adapter.upload('child-allowance-claim', twoChildClaim(), 'app-2:send-claim', context());
    await simulator.settled();
    expect(simulator.callbacks().filter((attempt) => attempt.messageId === 'app-2:send-claim')).toHaveLength(4);
  });
});
