/**
 * Signature verification throughput: the full JPKI check (base64, CMS parse,
 * digest, RSA, chain, validity, key usage, four facts, CRL) beside a raw
 * node:crypto RSA-2048/SHA-256 verify of the same content, in one run.
 * Rates are per CPU second of this process, alternating rounds, median of five,
 * so a busy machine does not skew the ratio.
 *
 *   npx tsx test/bench/signature.bench.ts
 */
import { createPublicKey, sign, verify } from 'node:crypto';
import { signedContentOf } from '../../src/intake/identity-check.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import { createSignatureVerifier } from '../../src/pki/verify-signature.js';
import { createTestPki, RESIDENT } from '../pki/support/test-pki.js';

const ROUNDS = 5;
const ROUND_MS = 1000;
const SIGNATURES = 64;

/** Operations per CPU second of this process (wall time would charge other processes' load to whichever loop ran then). */
async function rate(run: () => unknown | Promise<unknown>): Promise<number> {
  let count = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < ROUND_MS) {
    for (let i = 0; i < 50; i += 1) await run();
    count += 50;
  }
  const cpu = process.cpuUsage(cpuStart);
  return count / ((cpu.user + cpu.system) / 1e6);
}

const { pki, cleanup } = await createTestPki(new Date());
try {
  const resident = pki.residents.get(RESIDENT.takahashi);
  if (!resident) throw new Error('test PKI has no resident certificate');
  const verifier = createSignatureVerifier({
    trustAnchors: pki.trustAnchors,
    intermediates: pki.intermediates,
    crlSources: [{ kind: 'file', path: pki.crlPath }],
    freshness: { maxAgeSeconds: 3600, maxFutureSkewSeconds: 60 },
    clock: () => new Date(),
  });
  // Distinct signatures over distinct applications, as at intake; the signer certificate repeats as it would for one CA.
  const cases = Array.from({ length: SIGNATURES }, (_, index) => {
    const content = signedContentOf({ procedureId: 'juminhyo-copy', form: { applicant: { name: '髙橋　一郎' }, request: { copies: index + 1 } } });
    return { content, signature: signCmsDetached(content, resident, new Date()).toString('base64'), raw: sign('sha256', content, resident.keyPem) };
  });
  const publicKey = createPublicKey(resident.certificatePem);
  for (const item of cases) await verifier.verify(item.content, item.signature);

  let fullIndex = 0;
  let rawIndex = 0;
  const full: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    full.push(await rate(() => {
      const item = cases[fullIndex++ % SIGNATURES]!;
      return verifier.verify(item.content, item.signature);
    }));
    raw.push(await rate(() => {
      const item = cases[rawIndex++ % SIGNATURES]!;
      if (!verify('sha256', item.content, publicKey, item.raw)) throw new Error('raw verify failed');
    }));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const fullRate = median(full);
  const rawRate = median(raw);
  console.log(`signature.verify full: ${Math.round(fullRate)}/s; raw node:crypto verify: ${Math.round(rawRate)}/s; ratio ${(fullRate / rawRate).toFixed(2)} (target ≥ 0.5)`);
} finally {
  await cleanup();
}
