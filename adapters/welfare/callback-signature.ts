/**
 * The signature of the welfare package's callbacks: HMAC-SHA256 over the raw
 * request body with the secret shared between the package and the gateway,
 * sent as `X-Kakehashi-Signature: sha256=<lower-case hex>`. The simulator
 * signs with these; the gateway's callback route (and its tests) verify with them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const CALLBACK_SIGNATURE_HEADER = 'X-Kakehashi-Signature';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

function mac(secret: string, rawBody: string | Uint8Array): Buffer {
  if (secret.length === 0) throw new RangeError('the callback secret is empty');
  return createHmac('sha256', secret).update(rawBody).digest();
}

/** The header value for `rawBody`: `sha256=` and the lower-case hex HMAC-SHA256. */
export function signCallbackBody(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${mac(secret, rawBody).toString('hex')}`;
}

/**
 * true when `signature` (the header value as received) is the HMAC of exactly
 * these bytes. Compares in constant time; a missing, malformed or
 * differently-cased header is false. Verify the raw bytes, before any JSON parsing.
 */
export function verifyCallbackSignature(secret: string, rawBody: string | Uint8Array, signature: string | null | undefined): boolean {
  const match = SIGNATURE.exec(signature ?? '');
  if (!match) return false;
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), mac(secret, rawBody));
}
