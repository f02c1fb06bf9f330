import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentHashOf } from '../../src/issuance/document-hash.js';
import { canonicalBytes } from '../../src/json/canonical-json.js';
import { issueCertificate } from '../../src/issuance/issue-certificate.js';
import type { VerificationReport } from '../../src/issuance/verify/verification-report.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import { issueCertificate as issueX509 } from '../../src/pki/dev-pki/issue-certificate.js';
import { DEV_NAMES } from '../../src/pki/dev-pki/names.js';
import { basicConstraintsExtension, keyUsageExtension } from '../../src/pki/extensions.js';
import { derToPem } from '../../src/pki/pem.js';
import { devCity, type DevCity } from '../issuance/support/dev-city.js';
import { certificateApp, postJson, STAFF, type CertificateApp } from '../issuance/support/certificate-app.js';
import { ATENA, BASE_URL, CITY, ISSUED_AT, application, juminhyoForm, procedure, registryResident } from '../issuance/support/issuance-fixtures.js';

const run = promisify(execFile);

let city: DevCity;
let fixture: CertificateApp;
let certificateId: string;
let documentText: string;
let documentHash: string;
let signature: string;

beforeAll(async () => {
  city = await devCity();
});
afterAll(() => city.dispose());
beforeEach(async () => {
  fixture = await certificateApp(city);
  ({ certificateId } = await fixture.issue('app-0001'));
  const stored = (await fixture.store.getCertificate(certificateId))!;
  documentText = stored.document;
  documentHash = stored.documentHash;
  signature = stored.signature;
});
afterEach(async () => {
  await fixture.dispose();
});

async function verifyBody(body: unknown): Promise<VerificationReport> {
  const response = await postJson(fixture.app, '/v1/verifications', body);
  expect(response.status).toBe(200);
  return (await response.json()) as VerificationReport;
}

const resultsOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.result]));
const documentObject = () => JSON.parse(documentText) as Record<string, unknown>;

/** The stored document signed as given (same bytes, another signer). */
function signWith(keyPem: string, certificatePem: string, chainPem: string[] = []): string {
  return signCmsDetached(Buffer.from(documentText, 'utf8'), { keyPem, certificatePem, chainPem }, ISSUED_AT).toString('base64');
}

describe('POST /v1/verifications with a document and signature', () => {
  it('passes a certificate the city issued, as the JSON object or as the exact bytes', async () => {
    for (const document of [documentObject(), Buffer.from(documentText, 'utf8').toString('base64')]) {
      const report = await verifyBody({ document, signature });
      expect(report).toMatchObject({
        indication: 'TOTAL_PASSED',
        certificate: { id: certificateId, type: 'juminhyo-copy', issuedAt: ISSUED_AT.toISOString(), issuer: { name: '大阪市', localGovernmentCode: '271004', mayor: 'テスト　市長' } },
        signingTime: ISSUED_AT.toISOString(),
        revocation: { status: 'good', checkedAt: fixture.clock.at.toISOString() },
      });
      expect(report.subIndication).toBeUndefined();
      expect(report.checks.map((check) => [check.name, check.result])).toEqual([
        ['format', 'PASSED'],
        ['message-digest', 'PASSED'],
        ['signature', 'PASSED'],
        ['certificate-chain', 'PASSED'],
        ['issuer-record', 'PASSED'],
        ['revocation', 'PASSED'],
        ['validity-period', 'PASSED'],
      ]);
    }
  });

  it('fails a tampered document with HASH_FAILURE', async () => {
    const tampered = documentObject();
    (tampered.subject as Record<string, unknown>).name = '髙橋　二郎';
    const report = await verifyBody({ document: tampered, signature });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', revocation: { status: 'unknown' } });
    expect(resultsOf(report)).toMatchObject({ format: 'PASSED', 'message-digest': 'FAILED', signature: 'NOT_CHECKED', revocation: 'NOT_CHECKED' });
    expect(JSON.stringify(report)).not.toContain('髙橋');
  });

  it('fails a signature made with another key under the city’s certificate with SIG_CRYPTO_FAILURE', async () => {
    const resident = city.pki.residents.get(ATENA.takahashi)!;
    const report = await verifyBody({ document: documentObject(), signature: signWith(resident.keyPem, city.pki.city.signer.certificatePem, [city.pki.city.organizationCa.certificatePem]) });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
    expect(resultsOf(report)).toMatchObject({ 'message-digest': 'PASSED', signature: 'FAILED', 'certificate-chain': 'NOT_CHECKED' });
  });

  it('is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND for a valid signature by a certificate outside the city’s PKI', async () => {
    const resident = city.pki.residents.get(ATENA.takahashi)!;
    const report = await verifyBody({ document: documentObject(), signature: signWith(resident.keyPem, resident.certificatePem, [city.pki.signingCa.certificatePem]) });
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(resultsOf(report)).toMatchObject({ signature: 'PASSED', 'certificate-chain': 'FAILED', 'issuer-record': 'NOT_CHECKED' });
  });

  it('is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND when the signature leaves out the organisation CA', async () => {
    const { signer } = city.pki.city;
    const report = await verifyBody({ document: documentObject(), signature: signWith(signer.keyPem, signer.certificatePem) });
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
  });

  it('fails with EXPIRED when the city certificate had expired at the signing time', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const organization = city.pki.city.organizationCa;
    const expired = issueX509(
      {
        serialHex: '5EED0001',
        subject: DEV_NAMES.citySigner,
        subjectPublicKey: keys.publicKey,
        notBefore: new Date(ISSUED_AT.getTime() - 400 * 86_400_000),
        notAfter: new Date(ISSUED_AT.getTime() - 30 * 86_400_000),
        extensions: [basicConstraintsExtension(false), keyUsageExtension(['digitalSignature', 'nonRepudiation'])],
      },
      { name: DEV_NAMES.lgpkiOrganizationCa, privateKey: createPrivateKey(organization.keyPem), publicKey: createPublicKey(organization.certificatePem) },
    );
    const keyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const report = await verifyBody({ document: documentObject(), signature: signWith(keyPem, derToPem(expired), [organization.certificatePem]) });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });
    expect(report.checks.find((check) => check.name === 'certificate-chain')!.detail).toContain('expired');
  });

  it('is INDETERMINATE when the signature is the city’s but this gateway never recorded the certificate', async () => {
    const record = { ...application('juminhyo-copy', juminhyoForm({}), 'app-elsewhere') };
    const proc = await procedure('juminhyo-copy');
    const unrecorded = issueCertificate({
      application: record,
      procedure: proc,
      results: { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } },
      messageId: 'app-elsewhere:issue-certificate',
      issuedAt: ISSUED_AT,
      city: CITY,
      signer: city.signer,
      verificationBaseUrl: BASE_URL,
    });
    const report = await verifyBody({ document: unrecorded.document, signature: unrecorded.record.signature });
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.subIndication).toBeUndefined();
    expect(report.revocation.status).toBe('unknown');
    expect(resultsOf(report)).toMatchObject({ 'certificate-chain': 'PASSED', 'issuer-record': 'FAILED' });
    expect(report.checks.find((check) => check.name === 'issuer-record')!.detail).toContain('no record');
  });

  it('fails a certificate as REVOKED right after staff revoke it', async () => {
    expect((await postJson(fixture.app, `/v1/certificates/${certificateId}/revoke`, { reason: '誤交付のため' }, STAFF)).status).toBe(200);
    const report = await verifyBody({ document: documentObject(), signature });
    expect(report).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
      revocation: { status: 'revoked', revokedAt: fixture.clock.at.toISOString(), reason: '誤交付のため' },
    });
    expect(resultsOf(report)).toMatchObject({ 'issuer-record': 'PASSED', revocation: 'FAILED' });
    const byHash = await verifyBody({ certificateId, documentHash });
    expect(byHash).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });

  it('fails with EXPIRED once the certificate’s validity period is over', async () => {
    const notAfter = (documentObject().validity as { notAfter: string }).notAfter;
    fixture.clock.at = new Date(Date.parse(notAfter) + 1000);
    const report = await verifyBody({ document: documentObject(), signature });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED', revocation: { status: 'good' } });
    expect(resultsOf(report)['validity-period']).toBe('FAILED');
  });

  it('fails bytes that are not the canonical document with FORMAT_FAILURE, even when signed by the city', async () => {
    const pretty = Buffer.from(JSON.stringify(documentObject(), null, 2), 'utf8');
    const signed = city.signer.sign(pretty, ISSUED_AT).toString('base64');
    const report = await verifyBody({ document: pretty.toString('base64'), signature: signed });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE', certificate: null });
  });

  it('fails a CMS that carries its content (not detached) with FORMAT_FAILURE', async () => {
    const content = join(city.directory, 'attached.json');
    writeFileSync(content, documentText);
    await run('openssl', [
      'cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-in', content, '-signer', city.layout.citySigner.certificate, '-inkey', city.layout.citySigner.key,
      '-certfile', city.layout.lgpkiOrganizationCa.certificate, '-out', `${content}.p7s`,
    ]);
    const report = await verifyBody({ document: documentObject(), signature: readFileSync(`${content}.p7s`).toString('base64') });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  });

  it('accepts a detached signature made by openssl with the city key (what a city tool might produce)', async () => {
    const content = join(city.directory, 'detached.json');
    writeFileSync(content, documentText);
    await run('openssl', [
      'cms', '-sign', '-binary', '-outform', 'DER', '-in', content, '-signer', city.layout.citySigner.certificate, '-inkey', city.layout.citySigner.key,
      '-certfile', city.layout.lgpkiOrganizationCa.certificate, '-out', `${content}.p7s`,
    ]);
    const report = await verifyBody({ document: documentObject(), signature: readFileSync(`${content}.p7s`).toString('base64') });
    expect(report.indication).toBe('TOTAL_PASSED');
  });
});

describe('POST /v1/verifications with the QR code’s id and hash', () => {
  it('passes the recorded certificate, checking the hash first', async () => {
    const report = await verifyBody({ certificateId, documentHash: documentHash.toUpperCase() });
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED', certificate: { id: certificateId }, revocation: { status: 'good' } });
    expect(report.checks[0]).toMatchObject({ name: 'document-hash', result: 'PASSED' });
    expect(report.checks).toHaveLength(8);
  });

  it('says whom the certificate is about, as the paper prints it: the name and the address, never 個人番号', async () => {
    const printed = documentObject() as { subject: { name: string }; content: { address: string } };
    const report = await verifyBody({ certificateId, documentHash });
    expect(report.certificate).toMatchObject({ subject: { name: printed.subject.name, address: printed.content.address }, testDocument: false });
    expect(printed.subject.name.length).toBeGreaterThan(0);
    expect(Object.keys(report.certificate!.subject!).sort()).toEqual(['address', 'name']);
  });

  it('fails a hash that is not the recorded document’s, revealing nothing about the certificate', async () => {
    const other = documentHashOf(canonicalBytes({ ...documentObject(), serial: 'forged' }));
    const report = await verifyBody({ certificateId, documentHash: other });
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', certificate: null, signingTime: null });
    expect(report.checks.map((check) => check.result)).toEqual(['FAILED', ...Array(7).fill('NOT_CHECKED')]);
  });

  it('is INDETERMINATE for an id this gateway does not know', async () => {
    const report = await verifyBody({ certificateId: 'crt_00000000000000000000000000000000', documentHash });
    expect(report).toMatchObject({ indication: 'INDETERMINATE', certificate: null, revocation: { status: 'unknown' } });
  });
});

describe('POST /v1/verifications with bad input', () => {
  async function problem(body: unknown, headers: Record<string, string> = {}) {
    const response = await postJson(fixture.app, '/v1/verifications', body, headers);
    const text = await response.text();
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    return { status: response.status, body: JSON.parse(text) as { type: string; errors?: Array<{ pointer: string; code: string }> } };
  }
  const pointers = (answer: { body: { errors?: Array<{ pointer: string }> } }) => answer.body.errors?.map((issue) => issue.pointer);

  it('names the malformed field with a 400', async () => {
    const notDer = Buffer.from('this is not DER at all').toString('base64');
    const cases: Array<[unknown, string]> = [
      [{ document: documentObject(), signature: 'not base64!!' }, '/signature'],
      [{ document: documentObject(), signature: `${signature.slice(0, -4)}A===` }, '/signature'],
      [{ document: documentObject(), signature: notDer }, '/signature'],
      [{ document: documentObject(), signature: Buffer.from([0x30, 0x82, 0xff, 0xff, 0x06]).toString('base64') }, '/signature'],
      [{ document: 'not base64 either', signature }, '/document'],
      [{ document: Buffer.from('{"id": "x",').toString('base64'), signature }, '/document'],
      [{ document: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64'), signature }, '/document'],
      [{ document: Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`).toString('base64'), signature }, '/document'],
      [{ document: Buffer.from('{"__proto__":{"x":1}}').toString('base64'), signature }, '/document'],
      [{ document: documentObject() }, '/signature'],
      [{ signature }, '/document'],
      [{ document: 42, signature }, '/document'],
      [{ document: documentObject(), signature, extra: 1 }, '/extra'],
      [{ certificateId, documentHash: 'abc' }, '/documentHash'],
      [{ certificateId: '../../etc/passwd', documentHash }, '/certificateId'],
      [{ certificateId, documentHash, document: documentObject() }, '/document'],
      [[], ''],
      ['"just a string"', ''],
      [null, ''],
    ];
    for (const [body, pointer] of cases) {
      const answer = await problem(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(pointers(answer), JSON.stringify(body).slice(0, 80)).toContain(pointer);
    }
  });

  it('refuses hostile JSON bodies with 4xx, never a 500', async () => {
    const deep = `{"document":${'{"a":'.repeat(50)}1${'}'.repeat(50)},"signature":"${signature}"}`;
    expect((await problem(deep)).status).toBe(400);
    expect((await problem(`{"document":{"__proto__":{"polluted":true}},"signature":"${signature}"}`)).status).toBe(400);
    expect((await problem('{"document":')).status).toBe(400);
    expect((await problem({ document: 'A'.repeat(600_000), signature })).status).toBe(413);
    expect((await problem({ document: documentObject(), signature: 'QUFB'.repeat(20_000) })).status).toBe(400);
    expect((await problem(JSON.stringify({ certificateId, documentHash }), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
