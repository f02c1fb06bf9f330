import type { Procedure } from '../../catalog/procedure.js';
import { ConfigurationError } from '../../errors.js';
import { EraTable } from '../../jp/era.js';
import type { ApplicationRecord } from '../../store/types.js';
import { CERTIFICATE_TYPES, type CertificateDocument, type CertificateType, type CityIdentity } from '../certificate-document.js';
import { japanDateOf } from '../japan-date.js';
import { verificationUrl } from '../verification-link.js';
import type { ComposeContext, ComposedParts } from './compose-context.js';
import { composeJuminhyoCopy } from './juminhyo-copy.js';
import { composeTaxCertificate } from './tax-certificate.js';
import { composeTaxPaymentCertificate } from './tax-payment-certificate.js';

/** Default months a certificate may be relied on. */
export const DEFAULT_VALIDITY_MONTHS = 3;

export interface ComposeInput {
  application: ApplicationRecord;
  procedure: Procedure;
  /** Earlier steps' results by step name. */
  results: Record<string, unknown>;
  /** The certificate id (`certificateIdFor(messageId)`). */
  id: string;
  issuedAt: Date;
  /** 発行番号 (`serialFor`). */
  serial: string;
  city: CityIdentity;
  /** Public base URL of the gateway; the document links to `${verificationBaseUrl}/verify?id=…`. */
  verificationBaseUrl: string;
  validityMonths?: number;
  eras?: EraTable;
}

const COMPOSERS: Readonly<Record<CertificateType, (context: ComposeContext) => ComposedParts>> = {
  'juminhyo-copy': composeJuminhyoCopy,
  'tax-certificate': composeTaxCertificate,
  'tax-payment-certificate': composeTaxPaymentCertificate,
};

/** The certificate type a procedure issues; ConfigurationError for a procedure with no electronic certificate. */
export function certificateTypeOf(procedure: Procedure): CertificateType {
  const type = CERTIFICATE_TYPES.find((candidate) => candidate === procedure.id);
  if (!type) throw new ConfigurationError(`procedure '${procedure.id}' has no electronic certificate`, { file: `mappings/procedures/${procedure.id}.yaml`, path: '/route' });
  return type;
}

/** The same wall-clock instant `months` calendar months later (clamped to the month's last day). */
function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * Composes a certificate document. Pure: everything comes from the input.
 * Throws CertificateNotIssuable when the certificate cannot be issued on its
 * merits (未申告, not a resident, an item that cannot be shown), and
 * ConfigurationError when the route lacks the data a type needs.
 */
export function composeCertificate(input: ComposeInput): CertificateDocument {
  const type = certificateTypeOf(input.procedure);
  const eras = input.eras ?? new EraTable();
  const parts = COMPOSERS[type]({ application: input.application, procedure: input.procedure, results: input.results, eras });
  const { city } = input;
  return {
    version: 1,
    id: input.id,
    type,
    issuer: { name: city.name, localGovernmentCode: city.localGovernmentCode, mayor: city.mayor },
    serial: input.serial,
    issuedAt: input.issuedAt.toISOString(),
    subject: parts.subject,
    content: parts.content,
    validity: { notAfter: addMonths(input.issuedAt, input.validityMonths ?? DEFAULT_VALIDITY_MONTHS).toISOString() },
    verification: { url: verificationUrl(input.verificationBaseUrl, input.id) },
    certification: { text: parts.certificationText, issuedOn: eras.format(japanDateOf(input.issuedAt)), signatory: `${city.name}長　${city.mayor}` },
    ...(city.testDocuments ? { testDocument: true as const } : {}),
  };
}
