import { createHash } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import { CALLBACK_SIGNATURE_WINDOW_SECONDS, parseTimestampedSignature, timestampedSignatureMatches } from './signature.js';

/**
 * How long after its `t` an accepted callback's receipt is kept: the window
 * in which its signature stays acceptable, and as much again so that another
 * gateway process whose clock lags a little still finds it.
 */
export const CALLBACK_RECEIPT_SECONDS = 2 * CALLBACK_SIGNATURE_WINDOW_SECONDS;

/** A callback whose signature verified, inside its time window. */
export interface AuthenticatedCallback {
  /** The signed `t`, in unix seconds. */
  signedAt: number;
  /**
   * The callback's id for replay refusal: hex SHA-256 of `t.rawbody`, exactly
   * what the signature covers. The same for every `v1` and secret it was
   * signed with, so neither dropping one `v1` nor the other secret makes a replay new.
   */
  receiptId: string;
  /** Until when a replay must be refused: `t` plus {@link CALLBACK_RECEIPT_SECONDS}, ISO-8601. */
  keepReceiptUntil: string;
}

/**
 * Checks `X-Kakehashi-Signature` over the raw `body` against the system's
 * secrets (current and, while rotated, previous) and the gateway's clock.
 * Throws the 401 to answer: `callback-signature-malformed`, then
 * `callback-signature-expired` (more than 300 s either side of `now`),
 * then `callback-signature-invalid`.
 */
export function authenticateCallback(secrets: readonly string[], body: Uint8Array, header: string | undefined, now: Date): AuthenticatedCallback {
  const signature = parseTimestampedSignature(header);
  if (signature === null) {
    throw new AuthenticationError('callback-signature-malformed', 'X-Kakehashi-Signature must be t=<unix seconds>,v1=<64 hex digits>[,v1=<64 hex digits>].');
  }
  if (Math.abs(now.getTime() / 1000 - signature.t) > CALLBACK_SIGNATURE_WINDOW_SECONDS) {
    throw new AuthenticationError('callback-signature-expired', `X-Kakehashi-Signature t= is more than ${CALLBACK_SIGNATURE_WINDOW_SECONDS} seconds from the gateway's clock.`);
  }
  if (!timestampedSignatureMatches(secrets, body, signature)) {
    throw new AuthenticationError('callback-signature-invalid', 'No v1= in X-Kakehashi-Signature is the HMAC-SHA256 of "t.rawbody" under the secrets shared with the gateway.');
  }
  return {
    signedAt: signature.t,
    receiptId: createHash('sha256').update(`${signature.t}.`).update(body).digest('hex'),
    keepReceiptUntil: new Date((signature.t + CALLBACK_RECEIPT_SECONDS) * 1000).toISOString(),
  };
}
