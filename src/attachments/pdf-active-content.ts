/**
 * Finds the PDF names that make a document act rather than show: scripts
 * (`/JavaScript`, `/JS`), embedded files (`/EmbeddedFile`, `/EmbeddedFiles`),
 * launching programs (`/Launch`), and forms that run (`/XFA`, `/RichMedia`).
 * A staff member opens these files; such a PDF is refused, not flagged.
 *
 * Names may be written with `#xx` escapes (`/J#61vaScript`); they are decoded
 * before comparing. The scan sees the bytes as they are: a name inside a
 * compressed object stream is not seen (see the README's known gaps).
 */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'EmbeddedFile', 'EmbeddedFiles', 'Launch', 'XFA', 'RichMedia']);

/** A PDF name: `/` then regular characters (not whitespace or delimiters), possibly `#xx`-escaped. */
const NAME = /\/((?:[^\s/<>[\]{}()%#\x00]|#[0-9A-Fa-f]{2})+)/g;

/** Longer than any name of interest even fully escaped, so a name split across two chunks is seen whole. */
const OVERLAP = 64;

/** Scans a PDF chunk by chunk; `found` is the first active name seen, if any. */
export class PdfActiveContentScanner {
  found: string | undefined;
  #tail = '';

  push(chunk: Uint8Array): void {
    if (this.found) return;
    const text = this.#tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    for (const match of text.matchAll(NAME)) {
      // a name touching the end may continue in the next chunk: judged then, from the tail
      if (match.index + match[0].length === text.length) break;
      const name = match[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      if (ACTIVE_NAMES.has(name)) {
        this.found = name;
        return;
      }
    }
    this.#tail = text.slice(-OVERLAP);
  }

  /** The end of the file: a name that touched the end is judged now. */
  end(): void {
    if (this.found || this.#tail === '') return;
    const tail = this.#tail;
    this.#tail = '';
    this.push(Buffer.from(`${tail} `, 'latin1'));
  }
}
