import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { createCertificateSigner, loadCertificateSigner, loadTrustAnchors } from '../../src/issuance/sign/certificate-signer.js';
import { parseSignedData } from '../../src/pki/cms-parse.js';
import { parseCertificate } from '../../src/pki/certificate.js';
import { pemToDer } from '../../src/pki/pem.js';
import { devCity, type DevCity } from './support/dev-city.js';

const run = promisify(execFile);

let city: DevCity;
beforeAll(async () => {
  city = await devCity();
});
afterAll(() => city.dispose());

const CONTENT = Buffer.from('{"id":"crt_test","subject":{"name":"髙橋　一郎"}}', 'utf8');
const SIGNING_TIME = new Date('2026-12-01T01:00:00Z');

describe('the city signer', () => {
  it('makes a detached CMS with the three signed attributes and the signer certificate plus its organisation CA', () => {
    const parsed = parseSignedData(city.signer.sign(CONTENT, SIGNING_TIME));
    expect(parsed.hasContent).toBe(false);
    expect(parsed.signers).toHaveLength(1);
    const attributes = parsed.signers[0]!.signedAttributes!;
    expect(attributes.signingTime?.toISOString()).toBe(SIGNING_TIME.toISOString());
    expect(attributes.contentType).toBe('1.2.840.113549.1.7.1');
    expect(attributes.messageDigest?.length).toBe(32);
    const subjects = parsed.certificates.map((der) => parseCertificate(der).subjectText);
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toContain('O=大阪市');
    expect(subjects[1]).toContain('Organization CA');
    expect(city.signer.chainPem).toEqual([city.pki.city.signer.certificatePem, city.pki.city.organizationCa.certificatePem]);
  });

  it('verifies with openssl against the city root alone, and fails for one changed byte', async () => {
    const cmsFile = join(city.directory, 'sign-test.p7s');
    const contentFile = join(city.directory, 'sign-test.json');
    writeFileSync(cmsFile, city.signer.sign(CONTENT, SIGNING_TIME));
    writeFileSync(contentFile, CONTENT);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', contentFile, '-CAfile', city.layout.cityRoot.certificate, '-purpose', 'any', '-out', '/dev/null'];
    await expect(run('openssl', args)).resolves.toBeDefined();
    const changed = Buffer.from(CONTENT);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 0x01, changed.length - 3);
    writeFileSync(contentFile, changed);
    await expect(run('openssl', args)).rejects.toMatchObject({ code: expect.any(Number) });
  });

  it('loads from the configured files and refuses a key that is not the certificate’s', async () => {
    const loaded = await loadCertificateSigner({
      keyFile: city.layout.citySigner.key,
      certificateFile: city.layout.citySigner.certificate,
      chainFiles: [city.layout.lgpkiOrganizationCa.certificate],
    });
    expect(loaded.chainPem).toHaveLength(2);
    await expect(
      loadCertificateSigner({ keyFile: city.layout.cityRoot.key, certificateFile: city.layout.citySigner.certificate, chainFiles: [] }),
    ).rejects.toThrow(/does not belong/);
  });

  it('refuses a CA certificate, unreadable files and garbage as configuration errors naming the file', async () => {
    const { root } = city.pki.city;
    expect(() => createCertificateSigner({ keyPem: root.keyPem, certificatePem: root.certificatePem, chainPem: [] })).toThrow(ConfigurationError);
    await expect(loadCertificateSigner({ keyFile: join(city.directory, 'missing-key.pem'), certificateFile: city.layout.citySigner.certificate, chainFiles: [] })).rejects.toThrow(
      /missing-key\.pem/,
    );
    const garbage = join(city.directory, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await expect(loadTrustAnchors(garbage)).rejects.toThrow(/garbage\.pem/);
    await expect(loadTrustAnchors(city.layout.cityRoot.certificate)).resolves.toHaveLength(1);
    expect(pemToDer((await loadTrustAnchors(city.layout.cityRoot.certificate))[0]!).length).toBeGreaterThan(500);
  });
});
