import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { GlyphCoverage } from './display-text.js';

/** The weights of Noto Sans JP the certificate uses. */
export type JapaneseFontWeight = 'Regular' | 'Bold';

/**
 * A parsed font as pdfkit holds it (a fontkit font). pdfkit accepts one in
 * place of font bytes, which lets every document share a single parse.
 */
export interface ParsedFont extends GlyphCoverage {
  layout(text: string): unknown;
}

const parsed = new Map<JapaneseFontWeight, ParsedFont>();

/**
 * Path of a Noto Sans JP OpenType file shipped by `@embedpdf/fonts-jp`. The
 * package exports only its index, so the font is found beside it; resolving
 * from this module works the same from `src/` under tsx and from `dist/`.
 */
export function japaneseFontPath(weight: JapaneseFontWeight): string {
  const index = createRequire(import.meta.url).resolve('@embedpdf/fonts-jp');
  return join(dirname(index), '..', 'fonts', `NotoSansJP-${weight}.otf`);
}

/**
 * Noto Sans JP, parsed once per process. Parsing the 4 MB font costs a few
 * hundred milliseconds and its glyph caches warm with use, so each PDF
 * reusing it renders an order of magnitude faster; pdfkit still embeds only
 * the subset of glyphs a document uses.
 */
export function japaneseFont(weight: JapaneseFontWeight): ParsedFont {
  let font = parsed.get(weight);
  if (!font) {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont(weight, readFileSync(japaneseFontPath(weight)));
    probe.font(weight);
    // pdfkit keeps the fontkit font it parsed on its private `_font`; fontkit itself is not a dependency of ours.
    font = (probe as unknown as { _font: { font: ParsedFont } })._font.font;
    parsed.set(weight, font);
  }
  return font;
}

/** Registers the parsed font on a document under `name`. */
export function registerJapaneseFont(doc: PDFKit.PDFDocument, name: string, weight: JapaneseFontWeight): void {
  // pdfkit's typings list only bytes and paths, but its font factory takes an opened fontkit font as well.
  doc.registerFont(name, japaneseFont(weight) as unknown as Uint8Array);
}
