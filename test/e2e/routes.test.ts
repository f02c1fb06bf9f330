import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PAYMENT_API_KEY } from '../../src/dev/dev-environment.js';
import { paid, residentOfApplicant, signedBy } from '../support/evidence.js';
import { validSample, validSamples } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type LiveGateway } from '../support/live-gateway.js';

let live: LiveGateway;
beforeAll(async () => {
  live = await startLiveGateway();
});
afterAll(() => live.stop());

async function submitLive(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${live.url}/v1/applications`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `e2e-${Math.random()}` },
    body: JSON.stringify(body),
  });
  const answer = await json(response);
  expect(response.status, JSON.stringify(answer)).toBe(202);
  return answer.id as string;
}

describe('applications end to end over real sockets, with the bundled simulators', () => {
  it('delivers a 転出届 to the resident registry (XML over HTTP) and completes', async () => {
    const body = validSample('moving-out');
    const id = await submitLive(await signedBy(residentOfApplicant(body).atenaNumber, body));
    const view = await followUntil(live, id, ['completed', 'failed', 'rejected']);
    expect(view.status).toBe('completed');
    expect(view.timeline.map((entry) => entry.status)).toEqual(expect.arrayContaining(['received', 'verified', 'in-progress', 'completed']));
    const deliveries = (await json(await fetch(`${live.url}/v1/applications/${id}`, { headers: { authorization: 'Bearer dev-staff-key' } }))).deliveries;
    expect(deliveries).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'resident-registry', messageId: `${id}:notify-moving-out` })]));
  });

  it('uploads a 協力金 claim to welfare as CSV and completes', async () => {
    const id = await submitLive(validSample('business-support-grant'));
    expect((await followUntil(live, id, ['completed', 'failed', 'rejected'])).status).toBe('completed');
  });

  it('enriches a 児童手当 claim from the registry and the tax batch files, sends it to welfare, and follows its callback', async () => {
    const body = validSample('child-allowance');
    const id = await submitLive(await signedBy(residentOfApplicant(body).atenaNumber, body));
    const view = await followUntil(live, id, ['completed', 'failed', 'rejected'], 40_000);
    expect(view.timeline.map((entry) => entry.source)).toEqual(expect.arrayContaining(['tax', 'welfare']));
    expect(view.status).toBe('completed');
  });

  it('refunds the fee when the tax system refuses a paid certificate request, and shows it in the timeline', async () => {
    // 山﨑 和子 is not a taxpayer of the city in that year: the tax system refuses the 納税証明書
    const [, sample] = validSamples('tax-payment-certificate').find(([name]) => name === 'valid-property-loan-mail.json')!;
    const payment = await paid(live.gateway, 300);
    const body = { ...structuredClone(sample), payment };
    const id = await submitLive(await signedBy(residentOfApplicant(body).atenaNumber, body));
    const view = await followUntil(live, id, ['rejected', 'failed', 'issued'], 30_000);
    expect(view.status).toBe('rejected');
    const refund = view.timeline.find((entry) => entry.source === 'payment');
    expect(refund?.detail).toBe('Refund of ¥300 requested');
    const provider = live.gateway.dev.paymentProviders['dev-card']!;
    const state = await json(await fetch(`${provider.baseUrl}/v1/payments/${payment.paymentId}`, { headers: { authorization: `Bearer ${DEV_PAYMENT_API_KEY}` } }));
    expect(state).toMatchObject({ status: 'refunded', amount_refunded: 300 });
  });
});
