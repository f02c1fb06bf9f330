import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentOfApplicant, signedBy } from '../support/evidence.js';
import { validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type LiveGateway } from '../support/live-gateway.js';
import { approveReview } from '../support/reviews.js';

let live: LiveGateway;
beforeAll(async () => {
  live = await startLiveGateway();
});
afterAll(() => live.stop());

const FRONTEND = { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json' };
const STAFF = { authorization: 'Bearer dev-staff-key', 'content-type': 'application/json' };

function post(path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${live.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('a 児童手当 claim returned for correction (差戻し) over real sockets', () => {
  it('takes the corrected form only signed by the applicant, then resumes at the review and completes once approved', async () => {
    const sample = validSample('child-allowance');
    const applicant = residentOfApplicant(sample);
    const submitted = await fetch(`${live.url}/v1/applications`, {
      method: 'POST',
      headers: { ...FRONTEND, 'idempotency-key': `correction-${Date.now()}` },
      body: JSON.stringify(await signedBy(applicant.atenaNumber, sample)),
    });
    expect(submitted.status).toBe(202);
    const { id, accessToken } = await json(submitted);
    expect((await followUntil(live, id, ['under-review', 'completed', 'failed', 'rejected'], 40_000)).status).toBe('under-review');

    const returned = await post(`/v1/admin/reviews/${id}/decision`, STAFF, { decision: 'return', reason: '振込先口座の名義が請求者と一致しません。口座名義を確認してください。' });
    expect(returned.status).toBe(200);
    const asResident = await json(await fetch(`${live.url}/v1/applications/${id}`, { headers: { 'x-access-token': accessToken } }));
    expect(asResident.status).toBe('returned-for-correction');
    expect(asResident.timeline.at(-1).detail).toContain('振込先口座の名義が請求者と一致しません');

    const corrected = structuredClone(sample) as { form: { bankAccount: { holderKana: string } } };
    corrected.form.bankAccount.holderKana = 'オオサカ ハナコ';
    const correctionPath = `/v1/applications/${id}/corrections`;
    const withToken = { ...FRONTEND, 'x-access-token': accessToken };

    const unsigned = await post(correctionPath, withToken, corrected);
    expect(unsigned.status).toBe(422);
    expect((await json(unsigned)).type).toBe('/problems/signature-required');
    // the signature covers the corrected form: the first one no longer fits it
    const staleSignature = await post(correctionPath, withToken, { ...corrected, signature: (await signedBy(applicant.atenaNumber, sample)).signature });
    expect(staleSignature.status).toBe(422);
    expect((await json(await fetch(`${live.url}/v1/applications/${id}`, { headers: { 'x-access-token': accessToken } }))).status).toBe('returned-for-correction');

    const accepted = await post(correctionPath, withToken, await signedBy(applicant.atenaNumber, corrected));
    expect(accepted.status, JSON.stringify(await accepted.clone().json())).toBe(202);
    expect(await json(accepted)).toMatchObject({ id, status: 'under-review' });

    await approveReview((path, init) => fetch(`${live.url}${path}`, init), id);
    const done = await followUntil(live, id, ['completed', 'failed', 'rejected'], 40_000);
    expect(done.status).toBe('completed');
    expect(done.timeline.map((entry) => entry.status)).toEqual(expect.arrayContaining(['under-review', 'returned-for-correction', 'completed']));
  });
});
