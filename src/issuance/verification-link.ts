/** The verification page of a certificate: what the document itself carries (it cannot hold its own hash). */
export function verificationUrl(baseUrl: string, certificateId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify?id=${encodeURIComponent(certificateId)}`;
}

/**
 * What the QR code on a printed or PDF certificate carries: the document's
 * verification URL plus `&hash=<SHA-256 hex of the canonical bytes>`. The
 * page (and `POST /v1/verifications` with `{ certificateId, documentHash }`)
 * compares that hash with the issuer's record.
 */
export function qrVerificationLink(documentVerificationUrl: string, documentHash: string): string {
  return `${documentVerificationUrl}&hash=${documentHash}`;
}
