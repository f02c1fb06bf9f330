import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { InputError, SignatureError, UnavailableError } from '../../src/errors.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import { issueCrl } from '../../src/pki/dev-pki/issue-crl.js';
import { DEV_NAMES } from '../../src/pki/dev-pki/names.js';
import type { DevPki } from '../../src/pki/dev-pki/ensure-dev-pki.js';
import { createSignatureVerifier, type CrlSource, type SignatureVerifier } from '../../src/pki/verify-signature.js';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { opensslCmsSign } from './support/openssl.js';
import { createTestPki, issueOddCertificate, RESIDENT } from './support/test-pki.js';

const DAY = 24 * 3600 * 1000;
// Real time: openssl stamps the real clock into signingTime.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const CONTENT = Buffer.from('{"form":{"purpose":"就職"},"procedureId":"juminhyo-copy"}', 'utf8');
let pki: DevPki;
let cleanup: () => Promise<void>;

function verifierFor(options: { clock?: () => Date; crlSources?: CrlSource[]; crlMinRefreshSeconds?: number } = {}): SignatureVerifier {
  return createSignatureVerifier({
    trustAnchors: pki.trustAnchors,
    intermediates: pki.intermediates,
    crlSources: options.crlSources ?? [{ kind: 'file', path: pki.crlPath }],
    freshness: { maxAgeSeconds: 600, maxFutureSkewSeconds: 60 },
    clock: options.clock ?? (() => new Date()),
    ...(options.crlMinRefreshSeconds === undefined ? {} : { crlMinRefreshSeconds: options.crlMinRefreshSeconds }),
  });
}

const signer = (atena: string) => {
  const resident = pki.residents.get(atena);
  if (!resident) throw new Error(`no certificate for ${atena}`);
  return resident;
};
const sign = (atena: string, content = CONTENT, at = new Date()) => signCmsDetached(content, signer(atena), at).toString('base64');

/** Resolves to the error's class and code, so every refusal is checked for exactly its code. */
async function refusal(promise: Promise<unknown>): Promise<{ kind: string; code: string; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'none';
    return { kind: (error as Error).constructor.name, code, error };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  ({ pki, cleanup } = await createTestPki(NOW));
});
afterAll(async () => cleanup());

describe('signature verification', () => {
  it('accepts a valid signature and reports serial, issuer, the four facts and signing time', async () => {
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const signature = sign(RESIDENT.takahashi, CONTENT, signingTime);
    const verified = await verifierFor().verify(CONTENT, signature);
    expect(verified).toEqual({
      serial: '1CA96B6617B0E2F4',
      issuer: 'C=JP, O=JPKI TEST, OU=テスト用 TEST ONLY - not a real PKI, CN=JPKI Test Signing CA',
      subjectFacts: { name: '髙橋　一郎', nameSubstitute: '高橋　一郎', gender: '1', birthDate: '1989-01-07', address: '大阪府大阪市北区天満2丁目1番8号' },
      signingTime: signingTime.toISOString(),
      signatureDigest: createHash('sha256').update(Buffer.from(signature, 'base64')).digest('hex'),
    });
  });

  it('gives the same replay key for the same CMS every time', async () => {
    const verifier = verifierFor();
    const signature = sign(RESIDENT.ito);
    const first = await verifier.verify(CONTENT, signature);
    const second = await verifier.verify(CONTENT, signature);
    expect(second.signatureDigest).toBe(first.signatureDigest);
    expect(first.signatureDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the exact output of openssl cms -sign -binary -outform DER (signer certificate only)', async () => {
    const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.yoshida)]);
    const verified = await verifierFor().verify(CONTENT, der.toString('base64'));
    expect(verified.serial).toBe('09D0BCD937618AB0');
    expect(verified.subjectFacts.nameSubstitute).toBe('吉田　茂');
  });

  it('refuses content changed after signing', async () => {
    const signature = sign(RESIDENT.takahashi);
    const changed = Buffer.from(CONTENT.toString('utf8').replace('就職', '婚姻'), 'utf8');
    expect(await refusal(verifierFor().verify(changed, signature))).toMatchObject({ kind: 'SignatureError', code: 'signature-digest-mismatch' });
  });

  it('refuses a signature value that the signer certificate did not make', async () => {
    const mixed = signCmsDetached(CONTENT, { keyPem: signer(RESIDENT.ito).keyPem, certificatePem: signer(RESIDENT.takahashi).certificatePem }, new Date());
    expect(await refusal(verifierFor().verify(CONTENT, mixed.toString('base64')))).toMatchObject({ code: 'signature-invalid' });
  });

  it('refuses an expired certificate', async () => {
    expect(await refusal(verifierFor().verify(CONTENT, sign(RESIDENT.expired)))).toMatchObject({ kind: 'SignatureError', code: 'signature-certificate-expired' });
  });

  it('refuses a certificate that is not yet valid', async () => {
    const future = issueOddCertificate(pki, { serialHex: '7E57000001', notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 400 * DAY) });
    const signature = signCmsDetached(CONTENT, future, new Date()).toString('base64');
    expect(await refusal(verifierFor().verify(CONTENT, signature))).toMatchObject({ code: 'signature-certificate-not-yet-valid' });
  });

  it('refuses a certificate without nonRepudiation', async () => {
    const authOnly = issueOddCertificate(pki, { serialHex: '7E57000002', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY), usages: ['digitalSignature'] });
    const signature = signCmsDetached(CONTENT, authOnly, new Date()).toString('base64');
    expect(await refusal(verifierFor().verify(CONTENT, signature))).toMatchObject({ code: 'signature-key-usage' });
  });

  it('refuses a signing certificate without the four facts', async () => {
    const bare = issueOddCertificate(pki, { serialHex: '7E57000003', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY), facts: null });
    const signature = signCmsDetached(CONTENT, bare, new Date()).toString('base64');
    expect(await refusal(verifierFor().verify(CONTENT, signature))).toMatchObject({ code: 'signature-certificate-profile' });
  });

  it('refuses a revoked certificate, naming the revocation date but no personal data', async () => {
    const result = await refusal(verifierFor().verify(CONTENT, sign(RESIDENT.revoked)));
    expect(result).toMatchObject({ kind: 'SignatureError', code: 'signature-certificate-revoked' });
    const message = (result.error as SignatureError).message;
    expect(message).toContain(new Date(NOW.getTime() - DAY).toISOString());
    expect(message).toContain('affiliationChanged');
    expect(message).not.toMatch(/葛|由紀|大阪/);
  });

  it('refuses a certificate from an unknown CA', async () => {
    expect(await refusal(verifierFor().verify(CONTENT, sign(RESIDENT.untrusted)))).toMatchObject({ code: 'signature-untrusted' });
  });

  it('is INDETERMINATE when the CRL is past nextUpdate: UnavailableError with Retry-After, never acceptance', async () => {
    const later = () => new Date(Date.now() + 2 * DAY);
    const signature = sign(RESIDENT.takahashi, CONTENT, later());
    const result = await refusal(verifierFor({ clock: later }).verify(CONTENT, signature));
    expect(result).toMatchObject({ kind: 'UnavailableError', code: 'revocation-unavailable' });
    expect((result.error as UnavailableError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('is INDETERMINATE when the CRL file cannot be read, or was not signed by the issuer', async () => {
    const missing = await refusal(verifierFor({ crlSources: [{ kind: 'file', path: `${pki.crlPath}.missing` }] }).verify(CONTENT, sign(RESIDENT.takahashi)));
    expect(missing).toMatchObject({ kind: 'UnavailableError', code: 'revocation-unavailable' });
    const forged = issueCrl(
      { crlNumber: 99, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + DAY), revoked: [] },
      { name: DEV_NAMES.jpkiSigningCa, privateKey: createPrivateKey(pki.untrustedRoot.keyPem), publicKey: createPublicKey(pki.untrustedRoot.certificatePem) },
    );
    const { server, url } = await serve(() => forged);
    try {
      const result = await refusal(verifierFor({ crlSources: [{ kind: 'url', url }] }).verify(CONTENT, sign(RESIDENT.takahashi)));
      expect(result).toMatchObject({ code: 'revocation-unavailable' });
    } finally {
      server.close();
    }
  });

  it('refuses a signing time outside the freshness window', async () => {
    const old = sign(RESIDENT.takahashi, CONTENT, new Date(Date.now() - 3600_000));
    expect(await refusal(verifierFor().verify(CONTENT, old))).toMatchObject({ code: 'signature-stale' });
    const future = sign(RESIDENT.takahashi, CONTENT, new Date(Date.now() + 300_000));
    expect(await refusal(verifierFor().verify(CONTENT, future))).toMatchObject({ code: 'signature-stale' });
  });

  describe('malformed evidence: each its own code, never an unexpected exception', () => {
    it.each([
      ['not base64', 'this is not base64!'],
      ['base64 with a bad length', 'QUJD='],
      ['base64 with a character outside the alphabet', 'QU*D'],
      ['base64 with padding in the middle', 'QU==QUJD'],
      ['base64url instead of base64', 'ab-_'],
      ['empty', ''],
      ['too long', 'A'.repeat(70_000)],
    ])('%s → 400 signature-malformed', async (_label, value) => {
      const result = await refusal(verifierFor().verify(CONTENT, value));
      expect(result).toMatchObject({ kind: 'InputError', code: 'signature-malformed' });
      expect((result.error as InputError).semantic).toBe(false);
    });

    it.each([
      ['random bytes', Buffer.from('hello world, no DER here')],
      ['a truncated CMS', null],
      ['a certificate instead of a CMS', 'certificate'],
      ['deep nesting', Buffer.concat([Buffer.alloc(2000, 0x30).map((_, index) => (index % 2 === 0 ? 0x30 : 0x80))])],
      ['a huge declared length', Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00])],
      ['an ASN.1 NULL', Buffer.from([0x05, 0x00])],
    ])('%s → signature-malformed', async (_label, input) => {
      const bytes =
        input === null
          ? Buffer.from(sign(RESIDENT.takahashi), 'base64').subarray(0, 700)
          : input === 'certificate'
            ? Buffer.from(signer(RESIDENT.takahashi).certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64')
            : (input as Buffer);
      expect(await refusal(verifierFor().verify(CONTENT, bytes.toString('base64')))).toMatchObject({ kind: 'InputError', code: 'signature-malformed' });
    });

    it('a CMS with no signer → signature-signer-count', async () => {
      const asn1 = forge.asn1.fromDer(Buffer.from(sign(RESIDENT.takahashi), 'base64').toString('latin1'));
      const signedData = ((asn1.value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1;
      const fields = signedData.value as forge.asn1.Asn1[];
      (fields[fields.length - 1] as forge.asn1.Asn1).value = [];
      const empty = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'latin1').toString('base64');
      expect(await refusal(verifierFor().verify(CONTENT, empty))).toMatchObject({ kind: 'SignatureError', code: 'signature-signer-count' });
    });

    it('a CMS with two signers (openssl, two -signer options) → signature-signer-count', async () => {
      const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.takahashi), signer(RESIDENT.ito)]);
      expect(await refusal(verifierFor().verify(CONTENT, der.toString('base64')))).toMatchObject({ code: 'signature-signer-count' });
    });

    it('a CMS that carries its content → signature-not-detached', async () => {
      const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.takahashi)], { args: ['-nodetach'] });
      expect(await refusal(verifierFor().verify(CONTENT, der.toString('base64')))).toMatchObject({ code: 'signature-not-detached' });
    });

    it('SHA-1 → signature-algorithm-unsupported', async () => {
      const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.takahashi)], { md: 'sha1' });
      expect(await refusal(verifierFor().verify(CONTENT, der.toString('base64')))).toMatchObject({ code: 'signature-algorithm-unsupported' });
    });

    it('no signed attributes (openssl -noattr) → signature-attributes-missing', async () => {
      const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.takahashi)], { args: ['-noattr'] });
      expect(await refusal(verifierFor().verify(CONTENT, der.toString('base64')))).toMatchObject({ code: 'signature-attributes-missing' });
    });

    it('a CMS without the signer certificate (openssl -nocerts) → signature-signer-certificate-missing', async () => {
      const der = await opensslCmsSign(CONTENT, [signer(RESIDENT.takahashi)], { args: ['-nocerts'] });
      expect(await refusal(verifierFor().verify(CONTENT, der.toString('base64')))).toMatchObject({ code: 'signature-signer-certificate-missing' });
    });
  });

  describe('CRL over HTTP (url source)', () => {
    it('fetches the CRL from a real local HTTP server and finds the revoked certificate', async () => {
      let requests = 0;
      const crl = await readFile(pki.crlPath);
      const { server, url } = await serve(() => {
        requests += 1;
        return crl;
      });
      try {
        const verifier = verifierFor({ crlSources: [{ kind: 'url', url }] });
        expect(await refusal(verifier.verify(CONTENT, sign(RESIDENT.revoked)))).toMatchObject({ code: 'signature-certificate-revoked' });
        expect((await verifier.verify(CONTENT, sign(RESIDENT.takahashi))).serial).toBe('1CA96B6617B0E2F4');
        expect(requests).toBe(1);
      } finally {
        server.close();
      }
    });

    it('is INDETERMINATE while the server fails, and recovers once a fresh CRL can be fetched', async () => {
      let failing = true;
      const crl = await readFile(pki.crlPath);
      const { server, url } = await serve(() => (failing ? null : crl));
      let now = Date.now();
      try {
        const verifier = verifierFor({ crlSources: [{ kind: 'url', url }], clock: () => new Date(now), crlMinRefreshSeconds: 30 });
        const first = await refusal(verifier.verify(CONTENT, sign(RESIDENT.takahashi, CONTENT, new Date(now))));
        expect(first).toMatchObject({ kind: 'UnavailableError', code: 'revocation-unavailable' });
        expect((first.error as UnavailableError).retryAfterSeconds).toBe(30);
        failing = false;
        now += 31_000;
        expect((await verifier.verify(CONTENT, sign(RESIDENT.takahashi, CONTENT, new Date(now)))).serial).toBe('1CA96B6617B0E2F4');
      } finally {
        server.close();
      }
    });

    it('reloads the CRL when its nextUpdate passes and sees a newly revoked certificate', async () => {
      const first = await readFile(pki.crlPath);
      const signingCa = { name: DEV_NAMES.jpkiSigningCa, privateKey: createPrivateKey(pki.signingCa.keyPem), publicKey: createPublicKey(pki.signingCa.certificatePem) };
      const second = issueCrl(
        { crlNumber: 2, thisUpdate: new Date(NOW.getTime() + DAY), nextUpdate: new Date(NOW.getTime() + 2 * DAY), revoked: [{ serialHex: signer(RESIDENT.ito).serial, revokedAt: new Date(NOW.getTime() + DAY), reason: 3 }] },
        signingCa,
      );
      let served: Buffer = first;
      const { server, url } = await serve(() => served);
      let now = Date.now();
      try {
        const verifier = verifierFor({ crlSources: [{ kind: 'url', url }], clock: () => new Date(now) });
        expect((await verifier.verify(CONTENT, sign(RESIDENT.ito, CONTENT, new Date(now)))).serial).toBe(signer(RESIDENT.ito).serial);
        served = second;
        now = NOW.getTime() + DAY + 3600_000;
        expect(await refusal(verifier.verify(CONTENT, sign(RESIDENT.ito, CONTENT, new Date(now))))).toMatchObject({ code: 'signature-certificate-revoked' });
      } finally {
        server.close();
      }
    });
  });
});

/** A real HTTP server on 127.0.0.1 answering every request with `body()` (null: HTTP 500). */
async function serve(body: () => Buffer | null): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    const bytes = body();
    if (bytes === null) {
      response.writeHead(500).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jpki-signing.crl` };
}
