import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { EraTable } from '../../src/jp/era.js';
import { parseCertificate } from '../../src/pki/certificate.js';
import { isCrlSignedBy, parseCrl } from '../../src/pki/crl.js';
import { ensureDevPki, type DevPki } from '../../src/pki/dev-pki/ensure-dev-pki.js';
import { readFourFacts } from '../../src/pki/four-facts.js';
import { pemToDer } from '../../src/pki/pem.js';
import { createTestPki, RESIDENT, TEST_RESIDENTS_FILE } from './support/test-pki.js';

const NOW = new Date('2026-04-01T03:00:00Z');
let pki: DevPki;
let directory: string;
let cleanup: () => Promise<void>;

const parsed = (pem: string) => parseCertificate(pemToDer(pem));
const resident = (atena: string) => {
  const found = pki.residents.get(atena);
  if (!found) throw new Error(`no certificate for ${atena}`);
  return found;
};

beforeAll(async () => {
  ({ pki, directory, cleanup } = await createTestPki(NOW));
});
afterAll(async () => cleanup());

describe('dev PKI', () => {
  it('writes every certificate with テスト用 and TEST in its subject, and private keys only as -key.pem with mode 0600', async () => {
    const files = [...(await readdir(directory)), ...(await readdir(join(directory, 'residents'))).map((name) => join('residents', name))];
    const certificates = files.filter((name) => name.endsWith('.pem') && !name.endsWith('-key.pem'));
    expect(certificates).toEqual(expect.arrayContaining(['jpki-root-ca.pem', 'jpki-signing-ca.pem', 'untrusted-root-ca.pem', 'city-root.pem', 'lgpki-organization-ca.pem', 'city-signer.pem']));
    for (const name of certificates) {
      const certificate = new X509Certificate(await readFile(join(directory, name)));
      expect(certificate.subject, name).toContain('TEST');
      expect(parsed(certificate.toString()).subjectText, name).toContain('OU=テスト用 TEST ONLY');
    }
    for (const name of files.filter((file) => file.endsWith('-key.pem'))) {
      expect((await stat(join(directory, name))).mode & 0o077, name).toBe(0);
      expect(await readFile(join(directory, name), 'utf8')).toContain('BEGIN PRIVATE KEY');
    }
    expect(files.filter((name) => /key/.test(name) && !name.endsWith('-key.pem'))).toEqual([]);
  });

  it('issues residents their signing certificates in the J-LIS profile with the fixture serial', () => {
    const takahashi = resident(RESIDENT.takahashi);
    const certificate = parsed(takahashi.certificatePem);
    expect(certificate.serialHex).toBe('1CA96B6617B0E2F4');
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.signatureAlgorithm).toBe('1.2.840.113549.1.1.11');
    expect([...(certificate.keyUsage ?? [])].sort()).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(certificate.notAfter.getUTCFullYear() - certificate.notBefore.getUTCFullYear()).toBe(5);
    expect(certificate.issuerText).toContain('CN=JPKI Test Signing CA');
    const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'keyUsage,certificatePolicies,crlDistributionPoints'], { input: takahashi.certificatePem }).toString();
    expect(text).toMatch(/Key Usage: critical/);
    expect(text).toContain('1.2.392.200149.8.5.1.1.20');
    expect(text).toContain('URI:http://127.0.0.1:8080/dev/crl/jpki-signing.crl');
  });

  it('keeps a serial with a leading zero nibble exactly as the fixture writes it', () => {
    expect(parsed(resident(RESIDENT.yoshida).certificatePem).serialHex).toBe('09D0BCD937618AB0');
    expect(resident(RESIDENT.yoshida).serial).toBe('09D0BCD937618AB0');
  });

  it('puts the four facts into subjectAltName, with substitutes only for characters outside JIS X 0208', () => {
    const eras = new EraTable();
    const takahashi = readFourFacts(parsed(resident(RESIDENT.takahashi).certificatePem).subjectAltName as Buffer, eras);
    expect(takahashi).toEqual({ name: '髙橋　一郎', nameSubstitute: '高橋　一郎', gender: '1', birthDate: '1989-01-07', address: '大阪府大阪市北区天満2丁目1番8号' });
    const yoshida = readFourFacts(parsed(resident(RESIDENT.yoshida).certificatePem).subjectAltName as Buffer, eras);
    expect(yoshida?.nameSubstitute).toBe('吉田　茂');
    expect(yoshida?.birthDate).toBe('2019-05-01');
    const ito = readFourFacts(parsed(resident(RESIDENT.ito).certificatePem).subjectAltName as Buffer, eras);
    expect(ito?.nameSubstitute).toBeUndefined();
    expect(ito?.addressSubstitute).toBeUndefined();
    const kasai = readFourFacts(parsed(resident(RESIDENT.revoked).certificatePem).subjectAltName as Buffer, eras);
    expect(kasai?.nameSubstitute).toBe('葛西　由紀');
  });

  it('writes the birth date as EYYYYMMDD with the era digit and the Gregorian date', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'subjectAltName'], { input: resident(RESIDENT.yoshida).certificatePem }).toString();
    expect(text).toContain('1.2.392.200149.8.5.5.4::520190501');
  });

  it('makes expired, untrusted and revoked certificates as the fixture says', () => {
    expect(parsed(resident(RESIDENT.expired).certificatePem).notAfter.getTime()).toBeLessThan(NOW.getTime());
    expect(parsed(resident(RESIDENT.untrusted).certificatePem).issuerText).toContain('CN=Untrusted Test Root');
    const crl = parseCrl(execFileSync('openssl', ['crl', '-inform', 'DER', '-outform', 'DER', '-in', pki.crlPath]));
    expect([...crl.revoked.keys()]).toEqual(['D5099B548BCD2F68']);
    expect(crl.revoked.get('D5099B548BCD2F68')?.reason).toBe('affiliationChanged');
    expect(crl.nextUpdate?.getTime()).toBe(NOW.getTime() + 24 * 3600 * 1000);
    expect(crl.crlNumber).toBe('1');
    expect(isCrlSignedBy(crl, parsed(pki.signingCa.certificatePem))).toBe(true);
    expect(isCrlSignedBy(crl, parsed(pki.jpkiRoot.certificatePem))).toBe(false);
  });

  it('gives no certificate to residents without a card or without a known birth date', () => {
    expect(pki.residents.has(RESIDENT.noCard)).toBe(false);
    expect(pki.residents.has(RESIDENT.unknownBirthDate)).toBe(false);
  });

  it('chains residents to the JPKI test root and the city signer to city-root.pem (checked by openssl)', async () => {
    const residentFile = join(directory, 'residents', `${RESIDENT.takahashi}.pem`);
    const ok = execFileSync('openssl', ['verify', '-attime', String(NOW.getTime() / 1000), '-CAfile', join(directory, 'jpki-root-ca.pem'), '-untrusted', join(directory, 'jpki-signing-ca.pem'), residentFile]).toString();
    expect(ok).toContain('OK');
    const city = execFileSync('openssl', ['verify', '-attime', String(NOW.getTime() / 1000), '-CAfile', join(directory, 'city-root.pem'), '-untrusted', join(directory, 'lgpki-organization-ca.pem'), join(directory, 'city-signer.pem')]).toString();
    expect(city).toContain('OK');
    const signer = parsed(pki.city.signer.certificatePem);
    // the city signer would pass for the real city's, were its organisation and name not marked
    expect(signer.subjectText).toContain('O=大阪市（テスト用）');
    expect(signer.subjectText).toContain('CN=大阪市長 職責証明書（テスト用）TEST');
    expect([...(signer.keyUsage ?? [])].sort()).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(parsed(pki.city.organizationCa.certificatePem).subjectText).toContain('CN=LGPKI Test Organization CA');
  });

  it('loads the same PKI on a later run and renews only the CRL when it nears nextUpdate', async () => {
    const again = await ensureDevPki({ directory, residentsFile: TEST_RESIDENTS_FILE, now: new Date(NOW.getTime() + 3600_000) });
    expect(again.jpkiRoot.certificatePem).toBe(pki.jpkiRoot.certificatePem);
    expect(again.residents.get(RESIDENT.takahashi)?.keyPem).toBe(resident(RESIDENT.takahashi).keyPem);
    expect(parseCrl(await readFile(pki.crlPath)).crlNumber).toBe('1');
    const dayLater = await ensureDevPki({ directory, residentsFile: TEST_RESIDENTS_FILE, now: new Date(NOW.getTime() + 23.5 * 3600_000) });
    expect(dayLater.residents.get(RESIDENT.takahashi)?.certificatePem).toBe(resident(RESIDENT.takahashi).certificatePem);
    const renewed = parseCrl(await readFile(pki.crlPath));
    expect(renewed.crlNumber).toBe('2');
    expect(renewed.revoked.has('D5099B548BCD2F68')).toBe(true);
  });

  it('refuses a broken residents file with a message naming the place in it', async () => {
    const broken = join(directory, 'broken.json');
    await writeFile(broken, JSON.stringify({ residents: [{ __proto__: { polluted: true }, atenaNumber: 'x' }] }));
    await expect(ensureDevPki({ directory, residentsFile: broken, now: NOW })).rejects.toThrow(ConfigurationError);
    await writeFile(broken, '{"residents": [');
    await expect(ensureDevPki({ directory, residentsFile: broken, now: NOW })).rejects.toThrow(/not valid JSON/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
