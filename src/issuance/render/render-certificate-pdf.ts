import { toRenderableCertificate, type RenderableCertificate } from './certificate-document.js';
import { drawCertificationBlock } from './certification-block.js';
import { drawJuminhyo } from './juminhyo-layout.js';
import { FONT, PAGE, PagePrinter } from './page-printer.js';
import { drawTaxCertificate, drawTaxPaymentCertificate } from './tax-layout.js';
import { drawTestDocumentMark } from './test-document-mark.js';

/** What the printed certificate needs besides the document. */
export interface CertificatePdfOptions {
  /** Hex SHA-256 of the document's canonical bytes, printed under the QR code. */
  documentHash: string;
  /** The verification page URL with the certificate id and document hash; the QR code encodes it. */
  verificationUrl: string;
}

/** Printed title of each certificate type. */
export const CERTIFICATE_TITLES: Record<RenderableCertificate['type'], string> = {
  'juminhyo-copy': '住民票の写し',
  'tax-certificate': '課税（所得）証明書',
  'tax-payment-certificate': '納税証明書',
};

function drawBody(printer: PagePrinter, document: RenderableCertificate): void {
  switch (document.type) {
    case 'juminhyo-copy':
      return drawJuminhyo(printer, document);
    case 'tax-certificate':
      return drawTaxCertificate(printer, document);
    case 'tax-payment-certificate':
      return drawTaxPaymentCertificate(printer, document);
  }
}

/** 発行番号 with 頁/総頁 at the top of every page, as the printed-certificate standard numbers pages. */
function drawPageHeaders(printer: PagePrinter, serial: string): void {
  const { doc } = printer;
  const { start, count } = doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    doc.font(FONT.regular).fontSize(8).fillColor('#000000');
    doc.text(`発行番号 ${printer.display(serial)}　${page - start + 1}/${count}`, PAGE.left, 30, { width: PAGE.width - PAGE.left - PAGE.right, align: 'right', lineBreak: false });
  }
}

/**
 * Renders a certificate document as a printable A4 PDF: the title, the content
 * as ruled tables, the 認証文 on the last page with the issue date in 和暦, the
 * mayor's name and a vector 公印, and a QR code leading to the verification
 * page. Japanese text is Noto Sans JP, embedded as a subset with a ToUnicode
 * map so the text can be searched and extracted. The PDF's dates come from
 * the document's `issuedAt`, so the same document renders to the same bytes.
 * A test document (`testDocument: true`, dev PKI) carries a 見本 / TEST
 * DOCUMENT watermark on every page and 見本 across the seal.
 *
 * Throws `InputError` (`certificate-document-unrenderable`) when the document
 * lacks what a certificate of its type must print.
 */
export async function renderCertificatePdf(document: unknown, options: CertificatePdfOptions): Promise<Buffer> {
  const certificate = toRenderableCertificate(document);
  const printer = new PagePrinter(new Date(certificate.issuedAt));
  const title = CERTIFICATE_TITLES[certificate.type];
  printer.doc.info.Title = title;
  printer.doc.info.Author = certificate.issuer.name;

  printer.paragraph(title, { size: 22, bold: true, align: 'center', spacing: 6, gap: 12 });
  drawBody(printer, certificate);
  drawCertificationBlock(printer, certificate, options);
  drawPageHeaders(printer, certificate.serial);
  if (certificate.testDocument) drawTestDocumentMark(printer);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    printer.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    printer.doc.on('end', () => resolve(Buffer.concat(chunks)));
    printer.doc.on('error', reject);
  });
  printer.doc.end();
  return finished;
}
