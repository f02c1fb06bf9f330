import { InputError, SignatureError, UnavailableError } from '../errors.js';

/** Why a signature was refused: each a stable problem code, titled in the problem-type table (src/http/problem-types/signatures.ts). */
export type SignatureProblem =
  | 'signature-not-detached'
  | 'signature-signer-count'
  | 'signature-attributes-missing'
  | 'signature-digest-mismatch'
  | 'signature-invalid'
  | 'signature-algorithm-unsupported'
  | 'signature-signer-certificate-missing'
  | 'signature-untrusted'
  | 'signature-certificate-expired'
  | 'signature-certificate-not-yet-valid'
  | 'signature-key-usage'
  | 'signature-certificate-profile'
  | 'signature-certificate-revoked'
  | 'signature-stale'
  | 'signature-required';

/** A 422 refusal of the identity evidence. `detail` must not hold personal data. */
export function signatureError(code: SignatureProblem, detail: string, extensions?: Record<string, unknown>): SignatureError {
  return new SignatureError(code, detail, extensions ? { extensions } : {});
}

/** The signature value is not base64 DER CMS SignedData at all (400). */
export function malformedSignature(detail: string, cause?: unknown): InputError {
  return new InputError(
    'signature-malformed',
    detail,
    [{ pointer: '/signature/value', code: 'signature-malformed', message: 'Expected base64 DER CMS SignedData' }],
    { semantic: false, cause },
  );
}

/** Revocation status cannot be decided now (INDETERMINATE): never accept, ask to retry. */
export function revocationUnavailable(detail: string, retryAfterSeconds: number, cause?: unknown): UnavailableError {
  return new UnavailableError('revocation-unavailable', detail, retryAfterSeconds, { cause });
}
