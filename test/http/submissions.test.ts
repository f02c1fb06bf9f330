import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/catalog/procedure.js';
import { computeFee } from '../../src/intake/fee.js';
import { paid, residentOfApplicant, signedBy } from '../support/evidence.js';
import { invalidSamples, procedureIdsWithSamples, validSample, validSamples } from '../support/fixtures.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

/** The problem a dev resident's certificate state leads to, when it is not a valid one. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  revoked: 'signature-certificate-revoked',
  expired: 'signature-certificate-expired',
  untrusted: 'signature-untrusted',
};

let gateway: TestGateway;
let catalog: Catalog;
beforeAll(async () => {
  gateway = await startTestGateway();
  catalog = await loadCatalog('mappings/procedures', { clock: fixtureClock });
});
afterAll(() => gateway.dispose());

function feeOf(body: Record<string, unknown>): number {
  return computeFee(catalog.get(body.procedureId as string)!.procedure, body.form as Record<string, unknown>).amount;
}

/** A sample made ready to submit: signed by its applicant when the procedure needs it, and paid when a fee is due. */
async function prepared(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { procedure } = catalog.get(body.procedureId as string)!;
  let ready = body;
  const fee = feeOf(body);
  if (fee > 0) ready = { ...ready, payment: await paid(gateway, fee) };
  if (procedure.identity.kind === 'jpki') ready = await signedBy(residentOfApplicant(body).atenaNumber, ready);
  return ready;
}

describe.each(procedureIdsWithSamples())('samples of %s through POST /v1/applications', (procedureId) => {
  it.each(validSamples(procedureId))('%s is accepted, or refused only for its signer certificate', async (_name, body) => {
    const before = gateway.recorded();
    const response = await submit(gateway, await prepared(structuredClone(body)));
    const resident = catalog.get(procedureId)!.procedure.identity.kind === 'jpki' ? residentOfApplicant(body) : undefined;
    const problem = resident && CERTIFICATE_PROBLEMS[resident.jpki!.certificate];
    if (problem) {
      expect(response.status).toBe(422);
      expect(await json(response)).toMatchObject({ type: `/problems/${problem}` });
      expect(gateway.recorded()).toBe(before);
    } else {
      expect(response.status, JSON.stringify(await response.clone().json())).toBe(202);
      expect(await json(response)).toMatchObject({ status: resident ? 'verified' : 'received' });
      expect(gateway.recorded()).toBe(before + 1);
    }
  });

  it.each(invalidSamples(procedureId))('%s is refused with the expected pointers', async (_name, { body, expect: expected }) => {
    const before = gateway.recorded();
    const response = await submit(gateway, body);
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = await json(response);
    if (problem.type === '/problems/forbidden-key') {
      // the JSON layer refuses prototype keys before the form is looked at: one issue, at one of the expected places
      expect(expected.map((issue) => issue.pointer)).toContain(problem.errors[0].pointer);
    } else {
      for (const issue of expected) expect(problem.errors).toContainEqual(expect.objectContaining(issue));
    }
    expect(gateway.recorded()).toBe(before);
  });
});

describe('JPKI signature at intake', () => {
  let phones = 0;
  /** Signatures over equal content made in the same second are equal: each sample gets its own phone number. */
  const base = () => {
    const body = validSample('juminhyo-copy');
    ((body.form as Record<string, unknown>)['applicant'] as Record<string, unknown>)['phone'] = `06-4444-${String(1000 + ++phones)}`;
    return body;
  };
  const signer = () => residentOfApplicant(base()).atenaNumber;

  it('records the verified identity (with the signer as the certificate names them) and a verified timeline entry', async () => {
    const body = base();
    const applicant = (body.form as { applicant: { name: string; address: string } }).applicant;
    const accepted = await json(await submit(gateway, await prepared(body)));
    const record = await gateway.store.getApplication(accepted.id);
    expect(record?.identity).toMatchObject({ method: 'jpki', certificateSerial: expect.stringMatching(/^[0-9A-F]+$/), signer: { name: residentOfApplicant(body).name, address: applicant.address } });
    expect((await gateway.store.getTimeline(accepted.id)).map((entry) => entry.status)).toEqual(['received', 'verified']);
  });

  it.each([
    ['no signature', async () => ({ ...(await prepared(base())), signature: undefined }), 422, 'signature-required'],
    [
      'a form changed after signing',
      async () => {
        const body = await prepared(base());
        ((body.form as Record<string, unknown>)['applicant'] as Record<string, unknown>)['phone'] = '06-0000-0000';
        return body;
      },
      422,
      'signature-digest-mismatch',
    ],
    ['malformed base64', async () => ({ ...(await prepared(base())), signature: { format: 'cms-detached', value: '!!not base64!!' } }), 400, 'signature-malformed'],
    ['DER that is not CMS', async () => ({ ...(await prepared(base())), signature: { format: 'cms-detached', value: Buffer.from('0\x03\x02\x01\x01', 'latin1').toString('base64') } }), 400, 'signature-malformed'],
    [
      'another resident signing',
      async () => {
        const body = await prepared(base());
        const other = residentOfApplicant(validSample('child-allowance')).atenaNumber === signer() ? '1034468121' : residentOfApplicant(validSample('child-allowance')).atenaNumber;
        return signedBy(other, { ...body, signature: undefined });
      },
      422,
      'applicant-mismatch',
    ],
    ['a signature from an hour ago', async () => signedBy(signer(), { ...(await prepared(base())), signature: undefined }, new Date(fixtureClock().getTime() - 3600_000)), 422, 'signature-stale'],
  ])('refuses %s with its own problem type and stores nothing', async (_name, make, status, type) => {
    const before = gateway.recorded();
    const body = JSON.parse(JSON.stringify(await make()));
    const response = await submit(gateway, body);
    expect(response.status).toBe(status);
    expect(await json(response)).toMatchObject({ type: `/problems/${type}` });
    expect(gateway.recorded()).toBe(before);
  });

  it('refuses a replayed signature with 409, even under a new Idempotency-Key', async () => {
    const body = await prepared(base());
    expect((await submit(gateway, body)).status).toBe(202);
    expect(feeOf(body)).toBe(0); // an exempt purpose: only the signature can collide
    const response = await submit(gateway, body);
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ type: '/problems/signature-replayed' });
  });
});

describe('fees at intake', () => {
  /** A tax-payment-certificate sample (fixed ¥300) whose applicant has a valid dev certificate. */
  let phones = 0;
  /** Signatures over equal content made in the same second are equal: each sample gets its own phone number. */
  const sample = () => {
    const body = structuredClone(validSamples('tax-payment-certificate').map(([, b]) => b).find((b) => residentOfApplicant(b).jpki?.certificate === 'valid')!);
    ((body.form as Record<string, unknown>)['applicant'] as Record<string, unknown>)['phone'] = `06-5555-${String(1000 + ++phones)}`;
    return body;
  };
  const signed = (body: Record<string, unknown>) => signedBy(residentOfApplicant(body).atenaNumber, body);

  it.each([
    ['no payment', async () => sample(), 'payment-required'],
    ['a payment of the wrong amount', async () => ({ ...sample(), payment: await paid(gateway, 200) }), 'payment-amount-mismatch'],
    ['an authorised but not captured payment', async () => ({ ...sample(), payment: await paid(gateway, 300, { capture: false }) }), 'payment-not-captured'],
    ['an unknown payment', async () => ({ ...sample(), payment: { provider: 'dev-card', paymentId: 'pay_unknown' } }), 'payment-not-found'],
  ])('refuses %s with a 4xx naming it', async (_name, make, type) => {
    const before = gateway.recorded();
    const response = await submit(gateway, await signed(await make()));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await json(response)).toMatchObject({ type: `/problems/${type}` });
    expect(gateway.recorded()).toBe(before);
  });

  it('refuses a payment used by another application with 409', async () => {
    const payment = await paid(gateway, 300);
    expect((await submit(gateway, await signed({ ...sample(), payment }))).status).toBe(202);
    const response = await submit(gateway, await signed({ ...sample(), payment }));
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ type: '/problems/payment-already-used' });
  });
});
