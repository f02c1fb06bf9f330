/**
 * The verification report, shaped after EN 319 102-1 / EU DSS: a main
 * indication, a sub-indication saying why when it is not TOTAL_PASSED, each
 * check with its result, and the certificate's revocation status at the
 * issuer.
 */

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** EN 319 102-1 sub-indications this verifier reports. */
export type SubIndication =
  /** TOTAL_FAILED: the signature or the document is not in the expected form. */
  | 'FORMAT_FAILURE'
  /** TOTAL_FAILED: the document is not what was signed (or not what the issuer recorded). */
  | 'HASH_FAILURE'
  /** TOTAL_FAILED: the signature value does not verify with the signer's key. */
  | 'SIG_CRYPTO_FAILURE'
  /** TOTAL_FAILED: the city revoked the certificate. */
  | 'REVOKED'
  /** TOTAL_FAILED: the signer certificate had expired at the signing time, or the certificate's validity period is over. */
  | 'EXPIRED'
  /** TOTAL_FAILED: the signer certificate was not yet valid at the signing time. */
  | 'NOT_YET_VALID'
  /** INDETERMINATE: the signature does not include the signer's certificate. */
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  /** INDETERMINATE: no path from the signer certificate to the city's trust anchor. */
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  /** INDETERMINATE: the signer certificate is not one for signing documents. */
  | 'CHAIN_CONSTRAINTS_FAILURE'
  /** INDETERMINATE: the city no longer keeps the document (its retention period ended); the holder's copy and signature can still be verified. */
  | 'SIGNED_DATA_NOT_FOUND';

/** Names of the checks, in the order they run. */
export const CHECK_NAMES = ['document-hash', 'format', 'message-digest', 'signature', 'certificate-chain', 'issuer-record', 'revocation', 'validity-period'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface VerificationCheck {
  name: CheckName;
  result: 'PASSED' | 'FAILED' | 'NOT_CHECKED';
  /** What was found, for people. Never personal data. */
  detail: string;
}

export interface RevocationStatus {
  /** `unknown`: the issuer has no record of the certificate, or it was not looked up. */
  status: 'good' | 'revoked' | 'unknown';
  checkedAt: string;
  revokedAt?: string;
  reason?: string;
}

/**
 * Whom the certificate is about, as its printed form shows it, so a verifier
 * can match the paper to the result: the name, and per type what the paper
 * prints beside it (住民票の写し: the address; tax certificates: the 年度).
 * Never 個人番号 nor anything the paper does not show.
 */
export interface SubjectFacts {
  name: string;
  address?: string;
  /** 年度 as printed, e.g. `令和6年度`. */
  fiscalYear?: string;
}

/** What the document says about itself. */
export interface ReportedCertificate {
  id: string;
  type: string;
  issuedAt: string;
  issuer: { name: string; localGovernmentCode: string; mayor: string };
  /** null unless every check passed (a forged document's name is not echoed), or when the document names no subject. */
  subject: SubjectFacts | null;
  /** true for a document signed with the dev PKI: a test document, not a real certificate. */
  testDocument: boolean;
}

export interface VerificationReport {
  indication: Indication;
  subIndication?: SubIndication;
  /** What the document says about itself; null when it could not be read. */
  certificate: ReportedCertificate | null;
  /** The signing time the signature states (ISO-8601), or null when it could not be read. */
  signingTime: string | null;
  checks: VerificationCheck[];
  revocation: RevocationStatus;
}
