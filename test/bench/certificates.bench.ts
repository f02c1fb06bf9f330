/**
 * Certificate issuing throughput: composing a 住民票の写し, its JCS bytes and
 * the detached CMS signature (issueCertificate, without the store) beside a
 * raw node:crypto RSA-2048/SHA-256 signature of the same bytes, in one run.
 * Rates are per CPU second of this process, alternating rounds, median of
 * five, so a busy machine does not skew the ratio.
 *
 *   npx tsx test/bench/certificates.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, sign } from 'node:crypto';
import { canonicalBytes } from '../../src/json/canonical-json.js';
import { issueCertificate } from '../../src/issuance/issue-certificate.js';
import { createCertificateSigner } from '../../src/issuance/sign/certificate-signer.js';
import { ensureDevPki } from '../../src/pki/dev-pki/ensure-dev-pki.js';
import { ATENA, BASE_URL, CITY, application, juminhyoForm, procedure, registryHousehold, registryResident } from '../issuance/support/issuance-fixtures.js';

const ROUNDS = 5;
const ROUND_MS = 1000;

/** Operations per CPU second of this process. */
function rate(run: () => unknown): number {
  let count = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < ROUND_MS) {
    for (let i = 0; i < 20; i += 1) run();
    count += 20;
  }
  const cpu = process.cpuUsage(cpuStart);
  return count / ((cpu.user + cpu.system) / 1e6);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const directory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-certificates-'));
try {
  const pki = await ensureDevPki({ directory, residentsFile: 'fixtures/residents/residents.json' });
  const signer = createCertificateSigner({ keyPem: pki.city.signer.keyPem, certificatePem: pki.city.signer.certificatePem, chainPem: [pki.city.organizationCa.certificatePem] });
  const key = createPrivateKey(pki.city.signer.keyPem);
  const proc = await procedure('juminhyo-copy');
  const record = application('juminhyo-copy', juminhyoForm({ scope: 'household' }, { householdHead: true, relationship: true }));
  const results = { 'lookup-resident': { resident: registryResident(ATENA.takahashi) }, 'lookup-household': { household: registryHousehold(ATENA.takahashi) } };
  let sequence = 0;
  const issue = () =>
    issueCertificate({ application: record, procedure: proc, results, messageId: `bench-${sequence++}:issue-certificate`, issuedAt: new Date(), city: CITY, signer, verificationBaseUrl: BASE_URL });
  const bytes = canonicalBytes(issue().document);

  for (let i = 0; i < 200; i++) {
    issue();
    sign('sha256', bytes, key);
  }
  const issued: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    issued.push(rate(issue));
    raw.push(rate(() => sign('sha256', bytes, key)));
  }
  const n = median(issued);
  const m = median(raw);
  console.log(`certificates.compose+sign: ${Math.round(n)}/s; raw node:crypto RSA-2048 sign: ${Math.round(m)}/s; ratio ${(n / m).toFixed(2)} (target ≥ 0.4)`);
  console.log(`(document ${bytes.length} bytes, household of three; per CPU second, median of ${ROUNDS} alternating rounds)`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
