import type { IncomingMessage } from 'node:http';

/** The request body's bytes, or null as soon as it grows past `maxBytes` (the rest is not read). */
export async function readBodyWithin(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
