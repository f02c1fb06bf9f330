import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevPki, type DevPki } from '../../../src/pki/dev-pki/ensure-dev-pki.js';
import { issueCertificate } from '../../../src/pki/dev-pki/issue-certificate.js';
import { DEV_NAMES } from '../../../src/pki/dev-pki/names.js';
import { keyUsageExtension, type KeyUsageName } from '../../../src/pki/extensions.js';
import { fourFactsExtension, type EncodedFacts } from '../../../src/pki/four-facts.js';
import { derToPem } from '../../../src/pki/pem.js';

/** The small residents fixture the PKI tests use (same format as fixtures/residents/residents.json). */
export const TEST_RESIDENTS_FILE = fileURLToPath(new URL('../fixtures/residents.json', import.meta.url));

/** Atena numbers in that fixture, by role. */
export const RESIDENT = {
  takahashi: '9000000011',
  yoshida: '9000000022',
  ito: '9000000033',
  revoked: '9000000044',
  expired: '9000000055',
  untrusted: '9000000066',
  unknownBirthDate: '9000000077',
  noCard: '9000000088',
} as const;

/** A dev PKI in a fresh temporary directory; `cleanup` removes it. */
export async function createTestPki(now: Date, crlUrl?: string): Promise<{ pki: DevPki; directory: string; cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'kakehashi-pki-test-'));
  const pki = await ensureDevPki({ directory, residentsFile: TEST_RESIDENTS_FILE, now, ...(crlUrl ? { crlUrl } : {}) });
  return { pki, directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/** A signing certificate the fixture cannot describe (odd dates, missing usages or facts), from the test signing CA. */
export function issueOddCertificate(
  pki: DevPki,
  options: { serialHex: string; notBefore: Date; notAfter: Date; usages?: KeyUsageName[]; facts?: EncodedFacts | null },
): { certificatePem: string; keyPem: string } {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = issueCertificate(
    {
      serialHex: options.serialHex,
      subject: DEV_NAMES.resident(options.serialHex),
      subjectPublicKey: keys.publicKey,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      extensions: [
        keyUsageExtension(options.usages ?? ['digitalSignature', 'nonRepudiation']),
        ...(options.facts === null ? [] : [fourFactsExtension(options.facts ?? { name: '試験　太郎', gender: '1', birthDateJpki: '319800217', address: '大阪府大阪市北区中之島1丁目3番20号' })]),
      ],
    },
    { name: DEV_NAMES.jpkiSigningCa, privateKey: createPrivateKey(pki.signingCa.keyPem), publicKey: createPublicKey(pki.signingCa.certificatePem) },
  );
  return { certificatePem: derToPem(certificate), keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
