import { FONT, PAGE, type PagePrinter } from './page-printer.js';

/** The watermark's words: 見本 for a Japanese reader, TEST DOCUMENT for everyone else. */
export const TEST_DOCUMENT_MARK = { large: '見本', caption: 'TEST DOCUMENT', banner: '見本 TEST DOCUMENT（テスト用・効力なし）' } as const;

/**
 * Stamps every page of a test document with a large diagonal 見本 / TEST
 * DOCUMENT watermark, drawn over the content so that no layout can hide it,
 * and light enough that the content stays readable; and an upright banner in
 * the header band, so that the mark also survives text extraction.
 */
export function drawTestDocumentMark(printer: PagePrinter): void {
  const { doc } = printer;
  const { start, count } = doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    doc.save();
    doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
    doc.fillColor('#cc0000').fillOpacity(0.18);
    doc.font(FONT.bold).fontSize(200).text(TEST_DOCUMENT_MARK.large, 0, PAGE.height / 2 - 150, { width: PAGE.width, align: 'center', lineBreak: false });
    doc.fontSize(34).text(TEST_DOCUMENT_MARK.caption, 0, PAGE.height / 2 + 70, { width: PAGE.width, align: 'center', lineBreak: false });
    doc.restore();
    doc.font(FONT.bold).fontSize(9).fillColor('#cc0000').text(TEST_DOCUMENT_MARK.banner, PAGE.left, 30, { lineBreak: false });
  }
}

/** Writes 見本 across the official seal, so the sample seal cannot pass for the real one. */
export function drawSampleSealMark(printer: PagePrinter, seal: { x: number; y: number; size: number }): void {
  const { doc } = printer;
  doc.save();
  doc.fillColor('#cc0000').fillOpacity(0.9);
  doc.font(FONT.bold).fontSize(seal.size / 3).text(TEST_DOCUMENT_MARK.large, seal.x, seal.y + seal.size / 3, { width: seal.size, align: 'center', lineBreak: false });
  doc.restore();
}
