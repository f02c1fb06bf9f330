import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { VerificationReport } from '../../src/issuance/verify/verification-report.js';
import { runRetentionPurge } from '../../src/retention/retention-purge.js';
import { addIsoDuration } from '../../src/time/iso-duration.js';
import { certificateApp, postJson, STAFF, type CertificateApp } from '../issuance/support/certificate-app.js';
import { devCity, type DevCity } from '../issuance/support/dev-city.js';
import { ISSUED_AT } from '../issuance/support/issuance-fixtures.js';

const catalog = await loadCatalog('mappings/procedures');
const PERIOD_ENDS = addIsoDuration(ISSUED_AT, catalog.get('juminhyo-copy')!.procedure.retention);

let city: DevCity;
let fixture: CertificateApp;
let certificateId: string;
let token: string;
let stored: { document: string; documentHash: string; signature: string };

beforeAll(async () => {
  city = await devCity();
});
afterAll(() => city.dispose());
beforeEach(async () => {
  fixture = await certificateApp(city);
  ({ certificateId, token } = await fixture.issue('app-0001'));
  stored = (await fixture.store.getCertificate(certificateId))!;
  expect(await runRetentionPurge({ store: fixture.store, catalog, clock: () => PERIOD_ENDS, batchSize: 10 })).toEqual({ purged: 1, procedures: 1 });
  fixture.clock.at = PERIOD_ENDS;
});
afterEach(() => fixture.dispose());

async function verifyBody(body: unknown): Promise<VerificationReport> {
  const response = await postJson(fixture.app, '/v1/verifications', body);
  expect(response.status).toBe(200);
  return (await response.json()) as VerificationReport;
}

describe('a certificate whose application was purged after its retention period', () => {
  it('answers 410 certificate-purged for the document and the PDF to those who may see it, and 404 to anyone else', async () => {
    for (const path of [`/v1/certificates/${certificateId}`, `/v1/certificates/${certificateId}/pdf`]) {
      const gone = await fixture.app.request(path, { headers: { 'x-access-token': token } });
      expect(gone.status).toBe(410);
      expect(gone.headers.get('content-type')).toContain('application/problem+json');
      expect(await gone.json()).toMatchObject({ type: '/problems/certificate-purged', status: 410 });
      expect((await fixture.app.request(path, { headers: STAFF })).status).toBe(410);
      expect((await fixture.app.request(path)).status).toBe(404);
    }
  });

  it('by the QR code’s id and hash: INDETERMINATE / SIGNED_DATA_NOT_FOUND, confirming the record and its revocation status without the document', async () => {
    const report = await verifyBody({ certificateId, documentHash: stored.documentHash });
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND', certificate: null, revocation: { status: 'good' } });
    expect(report.checks.slice(0, 2)).toMatchObject([
      { name: 'document-hash', result: 'PASSED' },
      { name: 'format', result: 'FAILED' },
    ]);
    expect(report.checks[1]!.detail).toContain(ISSUED_AT.toISOString());
    const wrongHash = await verifyBody({ certificateId, documentHash: '0'.repeat(64) });
    expect(wrongHash).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
  });

  it('still checks the holder’s copy against the city’s record, and reports a revocation made after the purge', async () => {
    const copy = { document: Buffer.from(stored.document, 'utf8').toString('base64'), signature: stored.signature };
    const report = await verifyBody(copy);
    const results = Object.fromEntries(report.checks.map((check) => [check.name, check.result]));
    // Five years on, the document's own validity period is over; that it was issued, unchanged and not revoked is still confirmed.
    expect(results).toMatchObject({ signature: 'PASSED', 'issuer-record': 'PASSED', revocation: 'PASSED', 'validity-period': 'FAILED' });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });

    expect((await postJson(fixture.app, `/v1/certificates/${certificateId}/revoke`, { reason: '誤交付のため' }, STAFF)).status).toBe(200);
    expect(await verifyBody(copy)).toMatchObject({ subIndication: 'REVOKED' });
    expect(await verifyBody({ certificateId, documentHash: stored.documentHash })).toMatchObject({ subIndication: 'SIGNED_DATA_NOT_FOUND', revocation: { status: 'revoked' } });
  });
});
