import { hash, timingSafeEqual, verify } from 'node:crypto';
import { EraTable } from '../jp/era.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CertificateCache, type ParsedCertificate } from './certificate.js';
import { createChainBuilder } from './chain.js';
import { parseSignedData, type ParsedSignedData, type ParsedSignerInfo } from './cms-parse.js';
import { DerError } from './der-reader.js';
import { malformedSignature, signatureError } from './errors.js';
import { readFourFacts, type SubjectFacts } from './four-facts.js';
import { DIGEST_ALGORITHMS, OID, RSA_SIGNATURE_ALGORITHMS } from './oids.js';
import { pemBlocksToDer } from './pem.js';
import { createRevocationChecker, type CrlSource } from './revocation.js';

export type { CrlSource } from './revocation.js';
export type { SubjectFacts } from './four-facts.js';

/** What a verified signature tells about the signer. */
export interface VerifiedSignature {
  /** Signer certificate serial, upper-case hex. */
  serial: string;
  /** Signer certificate issuer, `C=JP, O=…, CN=…`. */
  issuer: string;
  subjectFacts: SubjectFacts;
  /** ISO-8601 signing time from the signed attributes. */
  signingTime: string;
  /** SHA-256 hex of the CMS DER: the key that stops the same signature being used twice. */
  signatureDigest: string;
}

/** What a verified authentication (a challenge signed with the 利用者証明用 certificate) tells: the certificate, no facts. */
export type VerifiedAuthentication = Omit<VerifiedSignature, 'subjectFacts'>;

/**
 * What the signer certificate must be for: a 署名用 certificate signs
 * submissions (digitalSignature + nonRepudiation, the four facts); a
 * 利用者証明用 certificate authenticates (digitalSignature, no facts).
 */
type Purpose = 'signing' | 'authentication';

export interface SignatureVerifierOptions {
  /** Root certificates (PEM, a block each or bundles). */
  trustAnchors: string[];
  /** Intermediate CA certificates (PEM) used to complete chains a CMS does not carry. */
  intermediates: string[];
  crlSources: CrlSource[];
  freshness: { maxAgeSeconds: number; maxFutureSkewSeconds: number };
  fetch?: typeof fetch;
  clock: () => Date;
  logger?: Logger;
  /** Era table for the JPKI birth date; the default table otherwise. */
  eras?: EraTable;
  /** CRL reload throttle in seconds, also the Retry-After when revocation is unavailable. Default 60. */
  crlMinRefreshSeconds?: number;
  /** Reload a CRL in the background once it is this old. Default 3600. */
  crlMaxAgeSeconds?: number;
}

export interface SignatureVerifier {
  /**
   * Verifies a detached CMS signature over `content`. Resolves with what the
   * signer certificate states; rejects with InputError `signature-malformed`,
   * SignatureError (422, one code per reason) or UnavailableError
   * `revocation-unavailable`.
   */
  verify(content: Buffer, signatureBase64: string): Promise<VerifiedSignature>;
  /**
   * Verifies a detached CMS signature over `content` made with an
   * authentication certificate: the same checks (chain, validity, freshness,
   * revocation) except that keyUsage needs only digitalSignature and no facts
   * are read. Rejects like `verify`.
   */
  authenticate(content: Buffer, signatureBase64: string): Promise<VerifiedAuthentication>;
  /** True once every CRL source holds a current CRL, so no signature meets `revocation-unavailable`; a call starts the loads that are due. */
  isRevocationCurrent(): boolean;
}

const MAX_SIGNATURE_CHARS = 65_536;

/**
 * Strict base64 (line breaks tolerated) of at most 64 KiB of text, the
 * submission schema's limit. Node's decoder skips characters outside the
 * alphabet and stops at padding, so any such character shows up as a
 * decoded length shorter than the text's length implies; it also reads the
 * base64url letters `-` and `_`, which are refused explicitly.
 */
function decodeBase64(value: string): Buffer {
  // Looking first spares a copy of every value that is not wrapped.
  const compact = value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]/g, '') : value;
  if (compact.length === 0 || compact.length > MAX_SIGNATURE_CHARS || compact.length % 4 !== 0 || compact.includes('-') || compact.includes('_')) {
    throw malformedSignature('The signature value is not valid base64.');
  }
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const decoded = Buffer.from(compact, 'base64');
  if (decoded.length !== (compact.length / 4) * 3 - padding) throw malformedSignature('The signature value is not valid base64.');
  return decoded;
}

function findSignerCertificate(signer: ParsedSignerInfo, certificates: ParsedCertificate[]): ParsedCertificate {
  const id = signer.signerIdentifier;
  const match = certificates.find((certificate) =>
    id.kind === 'issuer-and-serial'
      ? certificate.serialHex === id.serialHex && certificate.issuerDer.equals(id.issuerDer)
      : certificate.subjectKeyIdentifier?.equals(id.keyIdentifier) === true,
  );
  if (!match) throw signatureError('signature-signer-certificate-missing', 'The CMS does not include the signer certificate.');
  return match;
}

/** Creates the verifier; trust anchors and intermediates are parsed once here. */
export function createSignatureVerifier(options: SignatureVerifierOptions): SignatureVerifier {
  const certificates = new CertificateCache();
  const eras = options.eras ?? new EraTable();
  const chains = createChainBuilder({
    trustAnchors: options.trustAnchors.flatMap((pem) => pemBlocksToDer(pem)),
    intermediates: options.intermediates.flatMap((pem) => pemBlocksToDer(pem)),
    certificates,
  });
  const revocation = createRevocationChecker({
    sources: options.crlSources,
    fetch: options.fetch ?? fetch,
    clock: options.clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.crlMinRefreshSeconds === undefined ? {} : { minRefreshSeconds: options.crlMinRefreshSeconds }),
    ...(options.crlMaxAgeSeconds === undefined ? {} : { maxAgeSeconds: options.crlMaxAgeSeconds }),
  });
  const facts = new WeakMap<ParsedCertificate, SubjectFacts | null>();

  function factsOf(certificate: ParsedCertificate): SubjectFacts | null {
    if (!facts.has(certificate)) {
      let read: SubjectFacts | null = null;
      try {
        read = certificate.subjectAltName ? readFourFacts(certificate.subjectAltName, eras) : null;
      } catch (error) {
        if (!(error instanceof DerError)) throw error;
      }
      facts.set(certificate, read);
    }
    return facts.get(certificate) ?? null;
  }

  function parseCms(cms: Buffer): { parsed: ParsedSignedData; supplied: ParsedCertificate[] } {
    try {
      const parsed = parseSignedData(cms);
      return { parsed, supplied: parsed.certificates.map((der) => certificates.get(der)) };
    } catch (error) {
      if (error instanceof DerError) throw malformedSignature('The signature value is not DER CMS SignedData.', error);
      throw error;
    }
  }

  async function verifySignature(content: Buffer, signatureBase64: string, purpose: Purpose): Promise<VerifiedAuthentication & { subjectFacts: SubjectFacts | null }> {
    const cms = decodeBase64(signatureBase64);
    const { parsed, supplied } = parseCms(cms);
    if (parsed.hasContent) throw signatureError('signature-not-detached', 'The CMS carries its content; a detached signature is expected.');
    if (parsed.signers.length !== 1) {
      throw signatureError('signature-signer-count', `The CMS has ${parsed.signers.length} signers; exactly one is expected.`);
    }
    const signer = parsed.signers[0] as ParsedSignerInfo;
    const attributes = signer.signedAttributes;
    if (!attributes?.messageDigest || !attributes.contentType || !attributes.signingTime) {
      throw signatureError('signature-attributes-missing', 'The signer must sign the contentType, messageDigest and signingTime attributes.');
    }
    if (attributes.contentType !== parsed.encapsulatedContentType || parsed.encapsulatedContentType !== OID.data) {
      throw signatureError('signature-attributes-missing', 'The signed contentType must be id-data.');
    }
    const digestName = DIGEST_ALGORITHMS.get(signer.digestAlgorithm);
    const signatureDigestName = RSA_SIGNATURE_ALGORITHMS.get(signer.signatureAlgorithm);
    if (!digestName || signatureDigestName === undefined || (signatureDigestName !== null && signatureDigestName !== digestName)) {
      throw signatureError('signature-algorithm-unsupported', 'Only RSA PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512 is accepted.');
    }
    const certificate = findSignerCertificate(signer, supplied);
    if ((certificate.rsaModulusBits ?? 0) < 2048) {
      throw signatureError('signature-algorithm-unsupported', 'The signer key must be RSA of at least 2048 bits.');
    }

    const contentDigest = hash(digestName, content, 'buffer');
    if (attributes.messageDigest.length !== contentDigest.length || !timingSafeEqual(attributes.messageDigest, contentDigest)) {
      throw signatureError('signature-digest-mismatch', 'The submission differs from what was signed.');
    }
    let valid = false;
    try {
      valid = verify(digestName, attributes.signedBytes, certificate.publicKey, signer.signature);
    } catch {
      valid = false;
    }
    if (!valid) throw signatureError('signature-invalid', 'The signature value does not verify with the signer certificate.');

    const now = options.clock();
    const signingTime = attributes.signingTime;
    const ageSeconds = (now.getTime() - signingTime.getTime()) / 1000;
    if (ageSeconds > options.freshness.maxAgeSeconds) {
      throw signatureError('signature-stale', `The signing time is more than ${options.freshness.maxAgeSeconds} seconds in the past.`);
    }
    if (-ageSeconds > options.freshness.maxFutureSkewSeconds) {
      throw signatureError('signature-stale', `The signing time is more than ${options.freshness.maxFutureSkewSeconds} seconds in the future.`);
    }

    const path = chains.build(certificate, supplied, signingTime);
    if (certificate.unknownCriticalExtension) {
      throw signatureError('signature-certificate-profile', `The signer certificate has an unsupported critical extension ${certificate.unknownCriticalExtension}.`);
    }
    if (purpose === 'authentication') {
      if (!certificate.keyUsage?.has('digitalSignature')) {
        throw signatureError('signature-key-usage', 'The signer certificate is not for authentication (digitalSignature is required).');
      }
    } else if (!certificate.keyUsage?.has('digitalSignature') || !certificate.keyUsage.has('nonRepudiation')) {
      throw signatureError('signature-key-usage', 'The signer certificate is not for signatures (digitalSignature and nonRepudiation are required).');
    }
    const subjectFacts = purpose === 'signing' ? factsOf(certificate) : null;
    if (purpose === 'signing' && !subjectFacts) throw signatureError('signature-certificate-profile', 'The signer certificate does not state the holder\u2019s four basic facts.');

    const revoked = await revocation.check(certificate, path[1] ?? certificate);
    if (revoked) {
      throw signatureError('signature-certificate-revoked', `The signer certificate was revoked on ${revoked.revokedAt.toISOString()} (${revoked.reason}).`, {
        revokedAt: revoked.revokedAt.toISOString(),
        reason: revoked.reason,
      });
    }
    return {
      serial: certificate.serialHex,
      issuer: certificate.issuerText,
      subjectFacts,
      signingTime: signingTime.toISOString(),
      signatureDigest: hash('sha256', cms, 'hex'),
    };
  }

  async function logRefusal<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof GatewayError) options.logger?.info({ code: error.code }, 'signature refused');
      throw error;
    }
  }

  return {
    async verify(content, signatureBase64) {
      const verified = await logRefusal(verifySignature(content, signatureBase64, 'signing'));
      return { ...verified, subjectFacts: verified.subjectFacts as SubjectFacts };
    },
    async authenticate(content, signatureBase64) {
      const { serial, issuer, signingTime, signatureDigest } = await logRefusal(verifySignature(content, signatureBase64, 'authentication'));
      return { serial, issuer, signingTime, signatureDigest };
    },
    isRevocationCurrent: () => revocation.isCurrent(),
  };
}
