import type { RenderableCertificate } from './certificate-document.js';
import { formatWareki, japanDateOf } from './japan-date.js';
import { drawOfficialSeal, MAX_SEAL_SIZE } from './official-seal.js';
import { CONTENT_WIDTH, FONT, PAGE, type PagePrinter } from './page-printer.js';
import { drawQrCode } from './qr-code.js';
import { drawSampleSealMark } from './test-document-mark.js';

/** 20 mm: inside the 25 mm the printed-certificate standard allows. */
const SEAL_SIZE = Math.min(MAX_SEAL_SIZE, (20 / 25.4) * 72);
const QR_SIZE = 78;

/** The seal's legend: the mayor's title (大阪市長) followed by 之印. */
export function sealLegend(issuerName: string): string {
  return `${issuerName}長之印`;
}

/**
 * The closing of the certificate, kept together on the last page: the 認証文,
 * the issue date in 和暦, the mayor's name with the 公印 beside it, then the
 * QR code leading to verification with its caption, the certificate number
 * and the document hash.
 */
export function drawCertificationBlock(printer: PagePrinter, document: RenderableCertificate, options: { documentHash: string; verificationUrl: string }): void {
  const { doc } = printer;
  printer.ensureSpace(40 + SEAL_SIZE + 20 + QR_SIZE + 6);
  printer.y += 8;
  printer.paragraph(document.certification.text, { size: 11.5, gap: 8 });
  doc.font(FONT.regular).fontSize(11).fillColor('#000000');
  const issuedOn = document.certification.issuedOn ?? formatWareki(japanDateOf(document.issuedAt));
  doc.text(printer.display(issuedOn), PAGE.left + 24, printer.y + 4, { lineBreak: false });

  const mayor = printer.display(document.certification.signatory ?? document.issuer.mayor);
  doc.font(FONT.regular).fontSize(14);
  const mayorWidth = doc.widthOfString(mayor);
  const sealX = PAGE.left + CONTENT_WIDTH - SEAL_SIZE;
  const mayorX = sealX - mayorWidth - 6;
  doc.fillColor('#000000').text(mayor, mayorX, printer.y + SEAL_SIZE / 2 - 10, { lineBreak: false });
  drawOfficialSeal(doc, { x: sealX, y: printer.y, size: SEAL_SIZE, legend: printer.display(sealLegend(document.issuer.name)), font: FONT.bold });
  if (document.testDocument) drawSampleSealMark(printer, { x: sealX, y: printer.y, size: SEAL_SIZE });
  printer.y += SEAL_SIZE + 10;

  doc.lineWidth(0.5).strokeColor('#808080').moveTo(PAGE.left, printer.y).lineTo(PAGE.left + CONTENT_WIDTH, printer.y).stroke();
  printer.y += 10;
  const top = printer.y;
  drawQrCode(doc, { x: PAGE.left, y: top, size: QR_SIZE, value: options.verificationUrl });
  const textX = PAGE.left + QR_SIZE + 12;
  const textWidth = CONTENT_WIDTH - QR_SIZE - 12;
  doc.font(FONT.bold).fontSize(9.5).fillColor('#000000');
  doc.text('左のQRコードを読み取ると、この証明書が改ざんされていないこと、失効していないことを確認できます。', textX, top + 4, { width: textWidth });
  doc.font(FONT.regular).fontSize(8.5).text('Scan the QR code to verify that this certificate is authentic and has not been revoked.', { width: textWidth });
  doc.fontSize(7.5).fillColor('#333333');
  doc.text(printer.display(options.verificationUrl), { width: textWidth });
  doc.text(`証明書番号 Certificate ID: ${printer.display(document.id)}`, { width: textWidth });
  doc.text(`文書ハッシュ SHA-256: ${printer.display(options.documentHash)}`, { width: textWidth });
  if (document.validity?.notAfter) {
    const notAfter = /^\d{4}-\d{2}-\d{2}/.test(document.validity.notAfter) ? formatWareki(japanDateOf(document.validity.notAfter)) : document.validity.notAfter;
    doc.text(`検証期限 Verifiable until: ${printer.display(notAfter)}`, { width: textWidth });
  }
  printer.y = Math.max(top + QR_SIZE, doc.y) + 6;
}
