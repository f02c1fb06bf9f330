import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PAYMENT_API_KEY } from '../../src/dev/dev-environment.js';
import { paid, residentOfApplicant, signedBy } from '../support/evidence.js';
import { validSample, validSamples } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type FollowedApplication, type LiveGateway } from '../support/live-gateway.js';
import { approveReview } from '../support/reviews.js';

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

  it('puts a 協力金 claim in 北区\'s review queue, and once two approvers approve uploads it to welfare as CSV and completes', async () => {
    const id = await submitLive(validSample('business-support-grant'));
    expect((await followUntil(live, id, ['under-review', 'failed'])).status).toBe('under-review');
    await approveReview((path, init) => fetch(`${live.url}${path}`, init), id);
    expect((await followUntil(live, id, ['completed', 'failed', 'rejected'])).status).toBe('completed');
  });

  it('enriches a 児童手当 claim from the registry and the tax batch files, sends it to welfare, and follows its callback', async () => {
    const body = validSample('child-allowance');
    const id = await submitLive(await signedBy(residentOfApplicant(body).atenaNumber, body));
    // the ward office reviews the claim once the household and income are known
    expect((await followUntil(live, id, ['under-review', 'completed', 'failed', 'rejected'], 40_000)).status).toBe('under-review');
    await approveReview((path, init) => fetch(`${live.url}${path}`, init), id);
    const view = await followUntil(live, id, ['completed', 'failed', 'rejected'], 40_000);
    expect(view.timeline.map((entry) => entry.source)).toEqual(expect.arrayContaining(['tax', 'review:approver', 'welfare']));
    expect(view.status).toBe('completed');
  });

  it('refunds the fee when the tax system refuses a paid certificate request, and shows it in the timeline', async () => {
    // 山﨑 和子 is not a taxpayer of the city in that year: the tax system refuses the 納税証明書
    const [, sample] = validSamples('tax-payment-certificate').find(([name]) => name === 'valid-property-loan-mail.json')!;
    const payment = await paid(live.gateway, 300);
    const body = { ...structuredClone(sample), payment };
    const id = await submitLive(await signedBy(residentOfApplicant(body).atenaNumber, body));
    // the refund is requested, and written to the timeline, just after the status turns 'rejected'
    const ended = (view: FollowedApplication) =>
      view.status === 'issued' || view.status === 'failed' || (view.status === 'rejected' && view.timeline.some((entry) => entry.source === 'payment'));
    const view = await followUntil(live, id, ended, 30_000);
    expect(view.status).toBe('rejected');
    const refund = view.timeline.find((entry) => entry.source === 'payment');
    expect(refund?.detail).toBe('Refund of ¥300 requested');
    const provider = live.gateway.dev.simulators.payment['dev-card']!;
    const state = await json(await fetch(`${provider.baseUrl}/v1/payments/${payment.paymentId}`, { headers: { authorization: `Bearer ${DEV_PAYMENT_API_KEY}` } }));
    expect(state).toMatchObject({ status: 'refunded', amount_refunded: 300 });
  });

  it('replaces characters the tax system cannot hold under the step\'s degrade policy, and says so in the timeline', async () => {
    // 𠮷田 茂: 𠮷 (U+20BB7) is not in CP932; the tax-certificate route degrades it for the batch file
    const residents = (JSON.parse(readFileSync('fixtures/residents/residents.json', 'utf8')) as { residents: Record<string, string & Record<string, string>>[] }).residents;
    const yoshida = residents.find((resident) => String(resident['name']).startsWith('\u{20BB7}田'))!;
    const body = structuredClone(validSamples('tax-certificate').find(([name]) => name === 'valid-welfare-mail.json')![1]);
    const applicant = (body.form as Record<string, Record<string, unknown>>)['applicant']!;
    Object.assign(applicant, { name: yoshida['name'], nameKana: yoshida['nameKana'], birthDate: (yoshida['birthDate'] as unknown as { iso: string }).iso, gender: yoshida['gender'], address: yoshida['address'], postalCode: yoshida['postalCode'] });
    // purpose welfare: the fee is waived
    const id = await submitLive(await signedBy(String(yoshida['atenaNumber']), body));
    const view = await followUntil(live, id, ['issued', 'rejected', 'failed'], 30_000);
    const note = view.timeline.find((entry) => entry.source === 'tax' && entry.detail.startsWith('Characters tax cannot hold were replaced'));
    expect(note?.detail).toContain('U+20BB7 → U+5409 at /record/name');
    expect(note?.detail).not.toContain('田');
  });
});
