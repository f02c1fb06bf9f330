/** Small files of each kind, built here so that the tests say what their bytes are. */

/** A one-page PDF without active content, padded to `size` bytes with a comment. */
export function plainPdf(size = 2048, body = '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'): Buffer {
  const head = `%PDF-1.7\n${body}`;
  const tail = 'trailer << /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(`${head}%${'x'.repeat(Math.max(0, size - head.length - tail.length - 2))}\n${tail}`, 'latin1');
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A ZIP archive's local header and a highly compressible entry name: what a ZIP bomb starts with. */
export const ZIP = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
  Buffer.alloc(16, 0),
  Buffer.from([0x08, 0x00, 0x00, 0x00]),
  Buffer.from('bomb.pdf', 'latin1'),
  Buffer.alloc(4096, 0),
]);
