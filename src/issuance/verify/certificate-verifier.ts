import { createHash, timingSafeEqual, verify } from 'node:crypto';
import { CertificateCache, type ParsedCertificate } from '../../pki/certificate.js';
import { createChainBuilder, type ChainBuilder } from '../../pki/chain.js';
import type { ParsedSignedData, ParsedSignerInfo } from '../../pki/cms-parse.js';
import { SignatureError } from '../../errors.js';
import { DIGEST_ALGORITHMS, OID, RSA_SIGNATURE_ALGORITHMS } from '../../pki/oids.js';
import { pemBlocksToDer } from '../../pki/pem.js';
import type { CertificateRecord, Store } from '../../store/types.js';
import { canonicalJson } from '../../json/canonical-json.js';
import { documentHashOf } from '../document-hash.js';
import { parseCms } from './cms-input.js';
import { SignedDocumentSchema, type SignedDocumentHeader } from './document-shape.js';
import { CHECK_NAMES, type CheckName, type Indication, type SubIndication, type ReportedCertificate, type VerificationCheck, type VerificationReport } from './verification-report.js';

export interface CertificateVerifierOptions {
  /** PEM trust anchors: the city root (LGPKI root in production). */
  trustAnchors: string[];
  store: Pick<Store, 'getCertificate'>;
  clock: () => Date;
}

/** Verifies certificates the city issued. */
export interface CertificateVerifier {
  /** A document (its exact signed bytes) and its detached CMS signature (DER). Throws InputError only for DER that is not CMS SignedData. */
  verifySigned(document: Buffer, signature: Buffer): Promise<VerificationReport>;
  /** The QR code's data: the certificate id and the SHA-256 hex of its document, checked against the issuer's record. */
  verifyRecorded(certificateId: string, documentHash: string): Promise<VerificationReport>;
}

/** Why verification stopped: the failed check and what it means for the indication. */
class Stop {
  constructor(
    readonly check: CheckName,
    readonly indication: Exclude<Indication, 'TOTAL_PASSED'>,
    readonly subIndication: SubIndication | undefined,
    readonly detail: string,
  ) {}
}

/** A document and signature sent in: no recorded hash to compare first. */
const SIGNED_CHECKS = CHECK_NAMES.filter((name) => name !== 'document-hash');

const SIGNER_EXPIRED = 'signature-certificate-expired';
const SIGNER_NOT_YET_VALID = 'signature-certificate-not-yet-valid';

/** Collects check results; the first failure stops the run and the rest are NOT_CHECKED. */
class Checks {
  readonly #passed = new Map<CheckName, string>();
  constructor(private readonly applicable: readonly CheckName[]) {}
  pass(name: CheckName, detail: string): void {
    this.#passed.set(name, detail);
  }
  report(stop: Stop | null, parts: Omit<VerificationReport, 'indication' | 'subIndication' | 'checks'>): VerificationReport {
    const checks: VerificationCheck[] = [];
    for (const name of this.applicable) {
      const passed = this.#passed.get(name);
      if (passed !== undefined) checks.push({ name, result: 'PASSED', detail: passed });
      else if (stop?.check === name) checks.push({ name, result: 'FAILED', detail: stop.detail });
      else if (stop) checks.push({ name, result: 'NOT_CHECKED', detail: 'Not checked: an earlier check failed.' });
    }
    if (!stop) return { indication: 'TOTAL_PASSED', checks, ...parts };
    return { indication: stop.indication, ...(stop.subIndication ? { subIndication: stop.subIndication } : {}), checks, ...parts };
  }
}

function reportedCertificate(header: SignedDocumentHeader): ReportedCertificate {
  const subject = header.subject
    ? {
        name: header.subject.name,
        ...(header.type === 'juminhyo-copy' && header.content?.address ? { address: header.content.address } : {}),
        ...(header.type !== 'juminhyo-copy' && header.content?.fiscalYear ? { fiscalYear: header.content.fiscalYear.wareki } : {}),
      }
    : null;
  return { id: header.id, type: header.type, issuedAt: header.issuedAt, issuer: header.issuer, subject, testDocument: header.testDocument === true };
}

/**
 * A recorded certificate whose document the retention purge removed: the city
 * can say it issued a document with this hash, when, and whether it revoked
 * it, but not check the signature over a document it no longer has.
 */
function purgedReport(checks: Checks, record: CertificateRecord, now: string): VerificationReport {
  const stop = new Stop(
    'format',
    'INDETERMINATE',
    'SIGNED_DATA_NOT_FOUND',
    `The city issued a certificate with this id and document hash on ${record.issuedAt}, but its retention period has ended and the city no longer keeps the document. ` +
      'Verify the document and its signature instead (POST /v1/verifications with document and signature).',
  );
  const revocation: VerificationReport['revocation'] =
    record.revokedAt === null ? { status: 'good', checkedAt: now } : { status: 'revoked', checkedAt: now, revokedAt: record.revokedAt, reason: record.revocationReason ?? '' };
  return checks.report(stop, { certificate: null, signingTime: null, revocation });
}

function readDocument(bytes: Buffer): SignedDocumentHeader | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  // The city signs only JCS bytes: anything else was not made by it.
  if (canonicalJson(value) !== bytes.toString('utf8')) return null;
  const parsed = SignedDocumentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function findSigner(signer: ParsedSignerInfo, certificates: ParsedCertificate[]): ParsedCertificate | undefined {
  const id = signer.signerIdentifier;
  return certificates.find((certificate) =>
    id.kind === 'issuer-and-serial' ? certificate.serialHex === id.serialHex && certificate.issuerDer.equals(id.issuerDer) : certificate.subjectKeyIdentifier?.equals(id.keyIdentifier) === true,
  );
}

/** The one signer of an acceptable detached CMS, or a FORMAT_FAILURE saying what is wrong. */
function acceptableSigner(cms: ParsedSignedData): ParsedSignerInfo {
  const format = (detail: string) => new Stop('format', 'TOTAL_FAILED', 'FORMAT_FAILURE', detail);
  if (cms.hasContent) throw format('The signature carries its content; a detached signature is expected.');
  if (cms.signers.length !== 1) throw format(`The signature has ${cms.signers.length} signers; exactly one is expected.`);
  const signer = cms.signers[0] as ParsedSignerInfo;
  const attributes = signer.signedAttributes;
  if (!attributes?.messageDigest || !attributes.signingTime || attributes.contentType !== OID.data || cms.encapsulatedContentType !== OID.data) {
    throw format('The signature must sign the contentType (id-data), messageDigest and signingTime attributes.');
  }
  const digest = DIGEST_ALGORITHMS.get(signer.digestAlgorithm);
  const signatureDigest = RSA_SIGNATURE_ALGORITHMS.get(signer.signatureAlgorithm);
  if (!digest || signatureDigest === undefined || (signatureDigest !== null && signatureDigest !== digest)) {
    throw format('Only RSA PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512 is used for the city’s certificates.');
  }
  return signer;
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'hex');
  const right = Buffer.from(b.toLowerCase(), 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** Creates the verifier; trust anchors are parsed once here. */
export function createCertificateVerifier(options: CertificateVerifierOptions): CertificateVerifier {
  const certificates = new CertificateCache();
  const chains: ChainBuilder = createChainBuilder({ trustAnchors: options.trustAnchors.flatMap((pem) => pemBlocksToDer(pem)), intermediates: [], certificates });

  async function run(documentBytes: Buffer, cms: ParsedSignedData, checks: Checks, known?: CertificateRecord): Promise<VerificationReport> {
    const now = options.clock();
    const header = readDocument(documentBytes);
    let signingTime: string | null = null;
    let revocation: VerificationReport['revocation'] = { status: 'unknown', checkedAt: now.toISOString() };
    const certificate = header ? reportedCertificate(header) : null;
    // Whom it is about is shown only for a certificate that passed: a forged or changed document must not get its name echoed as the city's.
    const finish = (stop: Stop | null) => checks.report(stop, { certificate: stop && certificate ? { ...certificate, subject: null } : certificate, signingTime, revocation });
    try {
      if (!header) throw new Stop('format', 'TOTAL_FAILED', 'FORMAT_FAILURE', 'The document is not a certificate document of this city in canonical (RFC 8785) JSON.');
      const signer = acceptableSigner(cms);
      const attributes = signer.signedAttributes!;
      signingTime = attributes.signingTime!.toISOString();
      let supplied: ParsedCertificate[];
      try {
        supplied = cms.certificates.map((der) => certificates.get(der));
      } catch {
        throw new Stop('format', 'TOTAL_FAILED', 'FORMAT_FAILURE', 'A certificate inside the signature is not a valid X.509 certificate.');
      }
      const signerCertificate = findSigner(signer, supplied);
      if (!signerCertificate) throw new Stop('format', 'INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND', 'The signature does not include the signer’s certificate.');
      checks.pass('format', 'A detached CMS signature with one signer over a certificate document in canonical JSON.');

      const digestName = DIGEST_ALGORITHMS.get(signer.digestAlgorithm)!;
      const digest = createHash(digestName).update(documentBytes).digest();
      if (attributes.messageDigest!.length !== digest.length || !timingSafeEqual(attributes.messageDigest!, digest)) {
        throw new Stop('message-digest', 'TOTAL_FAILED', 'HASH_FAILURE', 'The document differs from what was signed: it has been changed.');
      }
      checks.pass('message-digest', `The document’s ${digestName.toUpperCase()} digest matches the signed digest.`);

      let valid = false;
      try {
        valid = verify(digestName, attributes.signedBytes, signerCertificate.publicKey, signer.signature);
      } catch {
        valid = false;
      }
      if (!valid) throw new Stop('signature', 'TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', 'The signature value does not verify with the key of the signer certificate.');
      checks.pass('signature', 'The signature value verifies with the signer certificate’s key.');

      let path: ParsedCertificate[];
      try {
        path = chains.build(signerCertificate, supplied, attributes.signingTime!);
      } catch (error) {
        const code = error instanceof SignatureError ? error.code : '';
        if (code === SIGNER_EXPIRED) throw new Stop('certificate-chain', 'TOTAL_FAILED', 'EXPIRED', error instanceof Error ? error.message : 'expired');
        if (code === SIGNER_NOT_YET_VALID) throw new Stop('certificate-chain', 'TOTAL_FAILED', 'NOT_YET_VALID', error instanceof Error ? error.message : 'not yet valid');
        throw new Stop('certificate-chain', 'INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', 'The signer certificate does not chain to the city’s trust anchor.');
      }
      const usage = signerCertificate.keyUsage;
      if (signerCertificate.isCa || (usage !== null && !usage.has('digitalSignature') && !usage.has('nonRepudiation'))) {
        throw new Stop('certificate-chain', 'INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', 'The signer certificate is not one for signing documents.');
      }
      checks.pass('certificate-chain', `Signed by ${signerCertificate.subjectText}, which chains to ${path.at(-1)!.subjectText}; valid at the signing time.`);

      const record = known ?? (await options.store.getCertificate(header.id));
      if (!record) {
        throw new Stop('issuer-record', 'INDETERMINATE', undefined, 'The signature is valid, but this gateway has no record of a certificate with this id, so its status cannot be confirmed.');
      }
      if (!equalHex(record.documentHash, documentHashOf(documentBytes))) {
        throw new Stop('issuer-record', 'TOTAL_FAILED', 'HASH_FAILURE', 'The document differs from the one the city recorded under this id.');
      }
      checks.pass('issuer-record', 'The city recorded this exact document under this id.');

      if (record.revokedAt !== null) {
        revocation = { status: 'revoked', checkedAt: now.toISOString(), revokedAt: record.revokedAt, reason: record.revocationReason ?? '' };
        throw new Stop('revocation', 'TOTAL_FAILED', 'REVOKED', `The city revoked this certificate on ${record.revokedAt}.`);
      }
      revocation = { status: 'good', checkedAt: now.toISOString() };
      checks.pass('revocation', 'Not revoked.');

      if (now.toISOString() > header.validity.notAfter) {
        throw new Stop('validity-period', 'TOTAL_FAILED', 'EXPIRED', `The certificate may be relied on only until ${header.validity.notAfter}.`);
      }
      checks.pass('validity-period', `May be relied on until ${header.validity.notAfter}.`);
      return finish(null);
    } catch (stop) {
      if (!(stop instanceof Stop)) throw stop;
      return finish(stop);
    }
  }

  return {
    verifySigned(document, signature) {
      return run(document, parseCms(signature, '/signature'), new Checks(SIGNED_CHECKS));
    },

    async verifyRecorded(certificateId, documentHash) {
      const checks = new Checks(CHECK_NAMES);
      const now = options.clock().toISOString();
      const record = await options.store.getCertificate(certificateId);
      if (!record) {
        return checks.report(new Stop('document-hash', 'INDETERMINATE', undefined, 'This gateway has no record of a certificate with this id.'), {
          certificate: null,
          signingTime: null,
          revocation: { status: 'unknown', checkedAt: now },
        });
      }
      if (!equalHex(record.documentHash, documentHash)) {
        return checks.report(new Stop('document-hash', 'TOTAL_FAILED', 'HASH_FAILURE', 'The document hash differs from the one the city recorded for this certificate.'), {
          certificate: null,
          signingTime: null,
          revocation: { status: 'unknown', checkedAt: now },
        });
      }
      checks.pass('document-hash', 'The document hash matches the city’s record.');
      if (record.purgedAt !== undefined) return purgedReport(checks, record, now);
      return run(Buffer.from(record.document, 'utf8'), parseCms(Buffer.from(record.signature, 'base64'), '/certificateId'), checks, record);
    },
  };
}
