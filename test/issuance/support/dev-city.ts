import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateSigner, type CertificateSigner } from '../../../src/issuance/sign/certificate-signer.js';
import { ensureDevPki, type DevPki } from '../../../src/pki/dev-pki/ensure-dev-pki.js';
import { devPkiLayout } from '../../../src/pki/dev-pki/layout.js';
import { ISSUED_AT } from './issuance-fixtures.js';

/**
 * The dev PKI in a temporary directory, and the city's signer made from it.
 * It is made an hour before the fixtures' issuing time, whatever the real date:
 * a CRL made at the real date would lie in the future of the tests' clock.
 */
export interface DevCity {
  pki: DevPki;
  directory: string;
  layout: ReturnType<typeof devPkiLayout>;
  signer: CertificateSigner;
  dispose: () => void;
}

export async function devCity(): Promise<DevCity> {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-issuance-'));
  const pki = await ensureDevPki({ directory, residentsFile: 'fixtures/residents/residents.json', now: new Date(ISSUED_AT.getTime() - 3600_000) });
  const { signer, organizationCa } = pki.city;
  return {
    pki,
    directory,
    layout: devPkiLayout(directory),
    signer: createCertificateSigner({ keyPem: signer.keyPem, certificatePem: signer.certificatePem, chainPem: [organizationCa.certificatePem] }),
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}
