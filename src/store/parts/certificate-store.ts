import type { AuditEvent } from '../audit-types.js';

/** A signed electronic certificate the city issued. */
export interface CertificateRecord {
  id: string;
  applicationId: string;
  type: string;
  /** The JCS canonical bytes of the document, UTF-8. */
  document: string;
  /** SHA-256 hex of `document`. */
  documentHash: string;
  /** Base64 DER CMS SignedData (detached). */
  signature: string;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  /**
   * Set when the retention purge removed the document (then `document` is
   * empty); absent until then. The hash, signature, dates and revocation stay,
   * so the city can still say it issued the document a holder presents.
   */
  purgedAt?: string;
}

/**
 * The store part for signed electronic certificates.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Certificates list by `(issuedAt, id)`; `saveCertificate` needs an
 *   existing application (`application-not-found`) and with an existing id
 *   is `duplicate-certificate`; `revokeCertificate` is false when unknown or
 *   already revoked.
 */
export interface CertificateStore {
  saveCertificate(certificate: CertificateRecord): Promise<void>;
  getCertificate(id: string): Promise<CertificateRecord | null>;
  listCertificates(applicationId: string): Promise<CertificateRecord[]>;
  /** False (and nothing appended) when unknown or already revoked; `audit` is appended in the same transaction. */
  revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean>;
}
