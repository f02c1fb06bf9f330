import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResidentRegistrySimulator, type ResidentRegistrySimulator } from '../../adapters/resident-registry/simulator/index.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import { loadDevPki } from '../support/evidence.js';
import { fixtureClock } from '../support/fixture-time.js';
import { FRONTEND, OTHER_FRONTEND, startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

const ICHIRO = '1034004400'; // 髙橋 一郎, household 0007127952 of three
const EXPIRED = '1034401825';
const REVOKED = '1035200807';
const MOVED_OUT = '1035604908';
const UNTRUSTED = '1036033548';
const ICHIRO_MY_NUMBER = '137213112630';

let gateway: TestGateway;
let registry: ResidentRegistrySimulator;
/** Moves the gateway's clock (and the signing time) ahead, for the expiry tests. */
let clockOffsetMs = 0;
const now = () => new Date(fixtureClock().getTime() + clockOffsetMs);

beforeAll(async () => {
  registry = await startResidentRegistrySimulator({ port: 0 });
  gateway = await startTestGateway({ clock: now, config: { systems: { residentRegistry: { baseUrl: registry.url } } } });
});

afterAll(async () => {
  await gateway?.dispose();
  await registry?.close();
});

async function challenge(headers: Record<string, string> = FRONTEND): Promise<string> {
  const response = await gateway.app.request('/v1/prefill/challenge', { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { challenge: string }).challenge;
}

/** The detached CMS the card makes with its authentication certificate over the challenge text. */
async function signedWithAuthentication(atenaNumber: string, value: string): Promise<string> {
  const resident = (await loadDevPki()).residents.get(atenaNumber);
  if (!resident?.authentication) throw new Error(`resident ${atenaNumber} has no dev authentication certificate`);
  return signCmsDetached(Buffer.from(value, 'utf8'), { certificatePem: resident.authentication.certificatePem, keyPem: resident.keyPem }, now()).toString('base64');
}

function prefill(body: unknown, headers: Record<string, string> = FRONTEND): Promise<Response> {
  return Promise.resolve(gateway.app.request('/v1/prefill', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

async function prefillAs(atenaNumber: string, procedureId = 'juminhyo-copy'): Promise<Response> {
  const value = await challenge();
  return prefill({ procedureId, challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(atenaNumber, value) } });
}

async function expectProblem(response: Response, status: number, code: string, pointer?: string): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = (await json(response)) as Record<string, unknown>;
  expect({ status: response.status, type: body.type }).toEqual({ status, type: `/problems/${code}` });
  if (pointer) expect(JSON.stringify(body)).toContain(`"pointer":"${pointer}"`);
  return body;
}

describe('prefill', () => {
  it("fills the applicant's fields and the household members of juminhyo-copy from the register, never 個人番号", async () => {
    const response = await prefillAs(ICHIRO);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(ICHIRO_MY_NUMBER);
    expect(JSON.parse(text)).toEqual({
      procedureId: 'juminhyo-copy',
      form: {
        applicant: { name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: '1989-01-07', gender: '1', postalCode: '530-0043', address: '大阪府大阪市北区天満2丁目1番8号' },
        request: {
          members: [
            { name: '髙橋　一郎', birthDate: '1989-01-07' },
            { name: '髙橋　美穂', birthDate: '1990-06-15' },
            expect.objectContaining({ birthDate: '2019-05-01' }),
          ],
        },
      },
      filled: ['/applicant/name', '/applicant/nameKana', '/applicant/birthDate', '/applicant/gender', '/applicant/postalCode', '/applicant/address', '/request/members'],
      facts: ['name', 'kana', 'birthDate', 'gender', 'postalCode', 'address', 'household'],
    });
  });

  it('returns only the fields the procedure declares: tax-certificate gets no household', async () => {
    const body = (await json(await prefillAs(ICHIRO, 'tax-certificate'))) as { form: Record<string, unknown>; facts: string[] };
    expect(Object.keys(body.form)).toEqual(['applicant']);
    expect(body.facts).not.toContain('household');
  });

  it('records each prefill in the audit trail with the client, procedure and kinds of fact, and no value', async () => {
    await prefillAs(ICHIRO, 'moving-out');
    const entries = await gateway.store.listAudit(0, 1000);
    const entry = entries.findLast((candidate) => candidate.action === 'prefill.lookup' && candidate.target.id === 'moving-out');
    expect(entry).toMatchObject({ actor: { kind: 'client', id: 'dev-frontend', role: 'frontend' }, target: { type: 'procedure', id: 'moving-out' }, reason: expect.stringContaining('household') });
    expect(JSON.stringify(entry)).not.toMatch(/髙橋|タカハシ|1989|天満|E5CECF9AECCEF9E6|1034004400/);
  });

  it('refuses a challenge used twice', async () => {
    const value = await challenge();
    const body = { procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(ICHIRO, value) } };
    expect((await prefill(body)).status).toBe(200);
    await expectProblem(await prefill(body), 422, 'prefill-challenge-used', '/challenge');
  });

  it('refuses a challenge it never issued', async () => {
    const value = 'A'.repeat(43);
    await expectProblem(await prefill({ procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(ICHIRO, value) } }), 422, 'prefill-challenge-unknown', '/challenge');
  });

  it("refuses another client's challenge and leaves it good for its own client", async () => {
    const value = await challenge();
    const body = { procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(ICHIRO, value) } };
    await expectProblem(await prefill(body, OTHER_FRONTEND), 422, 'prefill-challenge-other-client', '/challenge');
    expect((await prefill(body)).status).toBe(200);
  });

  it('refuses a challenge more than five minutes old', async () => {
    const value = await challenge();
    clockOffsetMs += 5 * 60_000 + 1000;
    try {
      await expectProblem(
        await prefill({ procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(ICHIRO, value) } }),
        422,
        'prefill-challenge-expired',
        '/challenge',
      );
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('refuses a signature over something else than the challenge', async () => {
    const value = await challenge();
    const other = await challenge();
    await expectProblem(
      await prefill({ procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: await signedWithAuthentication(ICHIRO, other) } }),
      422,
      'signature-digest-mismatch',
      '/signature/value',
    );
  });

  it.each([
    ['a revoked certificate', REVOKED, 'signature-certificate-revoked'],
    ['an expired certificate', EXPIRED, 'signature-certificate-expired'],
    ['a certificate of an untrusted authority', UNTRUSTED, 'signature-untrusted'],
  ])('refuses %s', async (_name, atenaNumber, code) => {
    await expectProblem(await prefillAs(atenaNumber), 422, code, '/signature/value');
  });

  it('refuses a signature made with the signing certificate: it does not identify anyone in the register by authentication', async () => {
    const value = await challenge();
    const resident = (await loadDevPki()).residents.get(ICHIRO)!;
    const signature = signCmsDetached(Buffer.from(value, 'utf8'), resident, now()).toString('base64');
    await expectProblem(await prefill({ procedureId: 'juminhyo-copy', challenge: value, signature: { format: 'cms-detached', value: signature } }), 422, 'prefill-resident-not-found', '/signature');
  });

  it('refuses a resident the register no longer holds as a resident (転出)', async () => {
    await expectProblem(await prefillAs(MOVED_OUT), 422, 'prefill-resident-not-found', '/signature');
  });

  it('refuses an unknown procedure and one that offers no prefill, naming /procedureId', async () => {
    await expectProblem(await prefillAs(ICHIRO, 'no-such-procedure'), 422, 'procedure-unknown', '/procedureId');
    await expectProblem(await prefillAs(ICHIRO, 'business-support-grant'), 422, 'prefill-not-offered', '/procedureId');
  });

  it('refuses a body of the wrong shape, naming the field', async () => {
    await expectProblem(await prefill({ procedureId: 'juminhyo-copy', challenge: 'short', signature: { format: 'cms-detached', value: 'x' } }), 422, 'prefill-request-invalid', '/challenge');
    await expectProblem(await prefill({ procedureId: 'juminhyo-copy', challenge: await challenge(), signature: { format: 'pkcs7', value: 'x' } }), 422, 'prefill-request-invalid', '/signature/format');
  });

  it('answers 503 with Retry-After while the register is down, and records nothing in the audit trail', async () => {
    const before = (await gateway.store.listAudit(0, 1000)).length;
    registry.faults.inject({ kind: 'status', status: 503 });
    const response = await prefillAs(ICHIRO);
    await expectProblem(response, 503, 'prefill-registry-unavailable');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await gateway.store.listAudit(0, 1000)).length).toBe(before);
  });

  it('is for frontend clients only', async () => {
    expect((await gateway.app.request('/v1/prefill/challenge')).status).toBe(401);
    expect((await gateway.app.request('/v1/prefill/challenge', { headers: { authorization: 'Bearer dev-staff-key' } })).status).toBe(403);
  });
});
