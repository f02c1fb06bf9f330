import { describe, expect, it } from 'vitest';
import { readBoundedBody, readBoundedText } from '../../../adapters/http-client/bounded-body.js';

/** A reply streamed in chunks, without content-length, as a chunked server sends it. */
function streamed(...chunks: Uint8Array[]): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }),
  );
}

describe('readBoundedBody', () => {
  it('returns every byte of a body within the limit, up to exactly the limit', async () => {
    const bytes = await readBoundedBody(streamed(new Uint8Array([1, 2]), new Uint8Array([3, 4])), 4);
    expect([...(bytes ?? [])]).toEqual([1, 2, 3, 4]);
  });

  it('gives up on a streamed body as soon as it passes the limit', async () => {
    const huge = new Uint8Array(1024 * 1024);
    expect(await readBoundedBody(streamed(huge, huge, huge), 64 * 1024)).toBeUndefined();
  });

  it('refuses a declared content-length over the limit without reading', async () => {
    const response = new Response('{}', { headers: { 'content-length': '999999999' } });
    expect(await readBoundedBody(response, 1024)).toBeUndefined();
  });

  it('reads a reply without a body as empty', async () => {
    expect((await readBoundedBody(new Response(null, { status: 204 }), 10))?.byteLength).toBe(0);
  });
});

describe('readBoundedText', () => {
  it('decodes UTF-8, keeps a BOM and replaces invalid bytes', async () => {
    const text = await readBoundedText(streamed(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode('住所'), new Uint8Array([0xff])), 100);
    expect(text).toBe('\uFEFF住所\uFFFD');
  });

  it('is undefined when the body is over the limit', async () => {
    expect(await readBoundedText(streamed(new TextEncoder().encode('x'.repeat(11))), 10)).toBeUndefined();
  });
});
