/**
 * The signatures of callbacks to the gateway. Core systems (the welfare
 * package) send `X-Kakehashi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * over "t.rawbody">`, one `v1` per secret while a secret is rotated; the
 * gateway's callback route verifies these. The older body-only form
 * `sha256=<hex>` is still what the convenience-store network signs its pickup
 * callbacks with.
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

/** How far a timestamped signature's `t` may be from the receiver's clock, in seconds. */
export const CALLBACK_SIGNATURE_WINDOW_SECONDS = 300;

const TIMESTAMPED_ENTRY = /^(t|v1)=([0-9a-fA-F]+)$/;

/** A parsed `t=<unix seconds>,v1=<hex>[,v1=<hex>]` header. */
export interface TimestampedSignature {
  t: number;
  v1: Buffer[];
}

function timestampedMac(secret: string, t: number, rawBody: string | Uint8Array): Buffer {
  if (secret.length === 0) throw new RangeError('the callback secret is empty');
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
}

/**
 * The header value for `rawBody` sent at `unixSeconds`: `t=<unix>` and one
 * `v1=<lower-case hex HMAC-SHA256 over "t.rawbody">` per secret (two while a secret is rotated).
 */
export function signTimestampedCallback(secrets: readonly string[], unixSeconds: number, rawBody: string | Uint8Array): string {
  return [`t=${unixSeconds}`, ...secrets.map((secret) => `v1=${timestampedMac(secret, unixSeconds, rawBody).toString('hex')}`)].join(',');
}

/** Parses the header strictly: exactly one decimal `t`, one to four 64-hex `v1`, nothing else; null otherwise. */
export function parseTimestampedSignature(header: string | null | undefined): TimestampedSignature | null {
  if (header === null || header === undefined) return null;
  const entries = header.split(',');
  if (entries.length > 5) return null;
  let t: number | undefined;
  const v1: Buffer[] = [];
  for (const entry of entries) {
    const match = TIMESTAMPED_ENTRY.exec(entry.trim());
    if (!match) return null;
    if (match[1] === 't') {
      if (t !== undefined || !/^[0-9]{1,12}$/.test(match[2]!)) return null;
      t = Number(match[2]);
    } else {
      if (match[2]!.length !== 64) return null;
      v1.push(Buffer.from(match[2]!, 'hex'));
    }
  }
  return t === undefined || v1.length === 0 ? null : { t, v1 };
}

/** true when any `v1` of `signature` is the HMAC of `t.rawBody` under any of `secrets`; compares in constant time. */
export function timestampedSignatureMatches(secrets: readonly string[], rawBody: string | Uint8Array, signature: TimestampedSignature): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = timestampedMac(secret, signature.t, rawBody);
    for (const candidate of signature.v1) matched = timingSafeEqual(expected, candidate) || matched;
  }
  return matched;
}

/** true when `header` is a well-formed timestamped signature of `rawBody` under any of `secrets` (the time window is the receiver's to check). */
export function verifyTimestampedCallback(secrets: readonly string[], rawBody: string | Uint8Array, header: string | null | undefined): boolean {
  const signature = parseTimestampedSignature(header);
  return signature !== null && timestampedSignatureMatches(secrets, rawBody, signature);
}
