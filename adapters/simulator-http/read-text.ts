import type { IncomingMessage } from 'node:http';

/**
 * The request body as UTF-8 text; undefined when it is larger than `maxBytes`.
 * An oversized body is still read to its end (and dropped), so the answer
 * reaches a client that is still sending.
 */
export function readTextDraining(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
