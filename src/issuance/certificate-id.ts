import { createHash } from 'node:crypto';

/** Certificate ids: `crt_` and 32 lower-case hex digits. */
export const CERTIFICATE_ID_PATTERN = /^crt_[0-9a-f]{32}$/;

/**
 * The certificate id of an issuing step's message id. Derived, not random,
 * so a re-run of the step after a crash finds the certificate it already
 * issued instead of issuing a second one.
 */
export function certificateIdFor(messageId: string): string {
  return `crt_${createHash('sha256').update(`certificate:${messageId}`, 'utf8').digest('hex').slice(0, 32)}`;
}
