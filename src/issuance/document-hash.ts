import { createHash } from 'node:crypto';

/** SHA-256 hex of a certificate document's canonical bytes: the document hash the store keeps and the QR code carries. */
export function documentHashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
