/**
 * Reading a reply body, but never more than a limit: a broken or hostile
 * server must not make the gateway buffer megabytes. Each adapter decides
 * itself what an oversized reply means (its own error codes).
 */

/** The body's bytes, or undefined (the rest cancelled) when it is larger than `limit`. */
export async function readBoundedBody(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text (invalid bytes replaced, a BOM kept), or undefined (the rest cancelled) when it is larger than `limit`. */
export async function readBoundedText(response: Response, limit: number): Promise<string | undefined> {
  const bytes = await readBoundedBody(response, limit);
  return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
