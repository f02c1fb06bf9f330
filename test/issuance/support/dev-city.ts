import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateSigner, type CertificateSigner } from '../../../src/issuance/sign/certificate-signer.js';
import { ensureDevPki, type DevPki } from '../../../src/pki/dev-pki/ensure-dev-pki.js';
import { devPkiLayout } from '../../../src/pki/dev-pki/layout.js';

/** The dev PKI in a temporary directory, and the city's signer made from it. */
export interface DevCity {
  pki: DevPki;
  directory: string;
  layout: ReturnType<typeof devPkiLayout>;
  signer: CertificateSigner;
  dispose: () => void;
}

export async function devCity(): Promise<DevCity> {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-issuance-'));
  const pki = await ensureDevPki({ directory, residentsFile: 'fixtures/residents/residents.json' });
  const { signer, organizationCa } = pki.city;
  return {
    pki,
    directory,
    layout: devPkiLayout(directory),
    signer: createCertificateSigner({ keyPem: signer.keyPem, certificatePem: signer.certificatePem, chainPem: [organizationCa.certificatePem] }),
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}
