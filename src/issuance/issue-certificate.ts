import type { Procedure } from '../catalog/procedure.js';
import type { EraTable } from '../jp/era.js';
import type { ApplicationRecord, CertificateRecord } from '../store/types.js';
import { canonicalBytes } from '../json/canonical-json.js';
import { documentHashOf } from './document-hash.js';
import type { CertificateDocument, CityIdentity } from './certificate-document.js';
import { certificateIdFor } from './certificate-id.js';
import { composeCertificate } from './compose/compose-certificate.js';
import { serialFor } from './serial.js';
import type { CertificateSigner } from './sign/certificate-signer.js';

export interface IssueCertificateInput {
  application: ApplicationRecord;
  procedure: Procedure;
  results: Record<string, unknown>;
  /** The issuing step's stable message id; the certificate id is derived from it. */
  messageId: string;
  issuedAt: Date;
  city: CityIdentity;
  signer: CertificateSigner;
  verificationBaseUrl: string;
  validityMonths?: number;
  eras?: EraTable;
}

/** A composed and signed certificate: the record to store, and the document it holds. */
export interface IssuedCertificate {
  record: CertificateRecord;
  document: CertificateDocument;
}

/**
 * Composes and signs a certificate; stores nothing. The signing time is
 * `issuedAt`. Throws CertificateNotIssuable when it cannot be issued on its
 * merits. Used by the issuing step, and by convenience-store issuance, which
 * issues the same document before handing it to the store network.
 */
export function issueCertificate(input: IssueCertificateInput): IssuedCertificate {
  const id = certificateIdFor(input.messageId);
  const document = composeCertificate({
    application: input.application,
    procedure: input.procedure,
    results: input.results,
    id,
    issuedAt: input.issuedAt,
    serial: serialFor(id, input.issuedAt, input.city),
    city: input.city,
    verificationBaseUrl: input.verificationBaseUrl,
    ...(input.validityMonths === undefined ? {} : { validityMonths: input.validityMonths }),
    ...(input.eras === undefined ? {} : { eras: input.eras }),
  });
  const bytes = canonicalBytes(document);
  const signature = input.signer.sign(bytes, input.issuedAt);
  return {
    document,
    record: {
      id,
      applicationId: input.application.id,
      type: document.type,
      document: bytes.toString('utf8'),
      documentHash: documentHashOf(bytes),
      signature: signature.toString('base64'),
      issuedAt: document.issuedAt,
      revokedAt: null,
      revocationReason: null,
    },
  };
}
