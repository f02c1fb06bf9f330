/**
 * The signature every callback to the gateway carries (core systems and the
 * convenience-store network alike): `X-Kakehashi-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 over "t.rawbody">`, one `v1` per secret while a secret
 * is rotated. Senders (and the simulators) sign with these; the gateway's
 * callback routes verify with them through `authenticateCallback`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const CALLBACK_SIGNATURE_HEADER = 'X-Kakehashi-Signature';

/** How far a signature's `t` may be from the receiver's clock, in seconds. */
export const CALLBACK_SIGNATURE_WINDOW_SECONDS = 300;

const ENTRY = /^(t|v1)=([0-9a-fA-F]+)$/;

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
    const match = ENTRY.exec(entry.trim());
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

/** true when `header` is a well-formed signature of `rawBody` under any of `secrets` (the time window is the receiver's to check). */
export function verifyTimestampedCallback(secrets: readonly string[], rawBody: string | Uint8Array, header: string | null | undefined): boolean {
  const signature = parseTimestampedSignature(header);
  return signature !== null && timestampedSignatureMatches(secrets, rawBody, signature);
}
