import { InputError, SignatureError, UnavailableError } from '../errors.js';

/** Why a signature was refused (each a stable problem code), with its fixed title. */
const SIGNATURE_PROBLEMS = {
  'signature-not-detached': 'Signature must be detached',
  'signature-signer-count': 'Signature must have exactly one signer',
  'signature-attributes-missing': 'Signature lacks required signed attributes',
  'signature-digest-mismatch': 'Signed content differs from the submission',
  'signature-invalid': 'Signature value is invalid',
  'signature-algorithm-unsupported': 'Signature algorithm not supported',
  'signature-signer-certificate-missing': 'Signer certificate not included',
  'signature-untrusted': 'Signer certificate not issued by a trusted authority',
  'signature-certificate-expired': 'Signer certificate expired',
  'signature-certificate-not-yet-valid': 'Signer certificate not yet valid',
  'signature-key-usage': 'Signer certificate not for signing',
  'signature-certificate-profile': 'Signer certificate lacks the holder facts',
  'signature-certificate-revoked': 'Signer certificate revoked',
  'signature-stale': 'Signing time outside the accepted window',
  'signature-required': 'Signature required',
} as const;

export type SignatureProblem = keyof typeof SIGNATURE_PROBLEMS;

/** A 422 refusal of the identity evidence. `detail` must not hold personal data. */
export function signatureError(code: SignatureProblem, detail: string, extensions?: Record<string, unknown>): SignatureError {
  return new SignatureError(code, SIGNATURE_PROBLEMS[code], detail, extensions ? { extensions } : {});
}

/** The signature value is not base64 DER CMS SignedData at all (400). */
export function malformedSignature(detail: string, cause?: unknown): InputError {
  return new InputError(
    'signature-malformed',
    'Signature is malformed',
    detail,
    [{ pointer: '/signature/value', code: 'signature-malformed', message: 'Expected base64 DER CMS SignedData' }],
    { semantic: false, cause },
  );
}

/** Revocation status cannot be decided now (INDETERMINATE): never accept, ask to retry. */
export function revocationUnavailable(detail: string, retryAfterSeconds: number, cause?: unknown): UnavailableError {
  return new UnavailableError('revocation-unavailable', 'Revocation status unavailable', detail, retryAfterSeconds, { cause });
}
