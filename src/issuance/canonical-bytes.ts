import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The bytes that are signed: the RFC 8785 (JCS) canonical JSON of `document`, UTF-8. */
export function canonicalBytes(document: unknown): Buffer {
  const text = canonicalize(document);
  if (text === undefined) throw new TypeError('the document has no JSON form');
  return Buffer.from(text, 'utf8');
}

/** SHA-256 hex of the canonical bytes: the document hash the store keeps and the QR code carries. */
export function documentHashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
