import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runSignChallengeCommand } from '../../src/cli/sign-challenge.js';
import { fixtureClock } from '../support/fixture-time.js';
import { FRONTEND, startTestGateway, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.dispose();
});

async function signChallenge(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (text: string) => (out += text), stderr: (text: string) => (err += text) };
  const status = await runSignChallengeCommand(['--directory', inject('fixturePkiDirectory'), ...args], io, fixtureClock);
  return { status, out, err };
}

describe('npm run cli -- sign-challenge', () => {
  it('takes a challenge that begins with a dash as the challenge, not as an option', async () => {
    const { challenge } = (await (await gateway.app.request('/v1/prefill/challenge', { headers: FRONTEND })).json()) as { challenge: string };
    const dashed = `-${challenge.slice(1)}`;
    const { status, out } = await signChallenge(['--resident', '1034004400', '--procedure', 'tax-certificate', dashed]);
    expect(status).toBe(0);
    expect((JSON.parse(out) as { challenge: string }).challenge).toBe(dashed);
  });

  it('prints a prefill body the gateway answers with the resident\u2019s facts', async () => {
    const { challenge } = (await (await gateway.app.request('/v1/prefill/challenge', { headers: FRONTEND })).json()) as { challenge: string };
    const { status, out } = await signChallenge(['--resident', '1034004400', '--procedure', 'tax-certificate', challenge]);
    expect(status).toBe(0);
    const response = await gateway.app.request('/v1/prefill', { method: 'POST', headers: { ...FRONTEND, 'content-type': 'application/json' }, body: out });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { form: { applicant: { birthDate: string } } }).form.applicant.birthDate).toBe('1989-01-07');
  });

  it('refuses a resident without a card, and a value that is not a challenge', async () => {
    expect(await signChallenge(['--resident', '1034062176', '--procedure', 'tax-certificate', 'A'.repeat(43)])).toMatchObject({ status: 1, err: expect.stringContaining('no authentication certificate') });
    expect((await signChallenge(['--resident', '1034004400', '--procedure', 'tax-certificate', 'not-a-challenge'])).status).toBe(2);
  });
});
