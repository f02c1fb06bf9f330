import QRCode from 'qrcode';

/** Where to draw a QR code and what it holds. */
export interface QrPlacement {
  x: number;
  y: number;
  /** Side of the symbol including its quiet zone, points. */
  size: number;
  /** The text to encode (the verification URL). */
  value: string;
}

const QUIET_ZONE_MODULES = 4;

/**
 * Draws a QR code as vector rectangles (error correction M, quiet zone of four
 * modules). Vector modules stay sharp on any printer and keep the PDF
 * byte-for-byte reproducible.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, placement: QrPlacement): void {
  const symbol = QRCode.create(placement.value, { errorCorrectionLevel: 'M' });
  const { size: modules, data } = symbol.modules;
  const module = placement.size / (modules + 2 * QUIET_ZONE_MODULES);
  const originX = placement.x + QUIET_ZONE_MODULES * module;
  const originY = placement.y + QUIET_ZONE_MODULES * module;
  doc.save();
  doc.rect(placement.x, placement.y, placement.size, placement.size).fill('#ffffff');
  for (let row = 0; row < modules; row++) {
    let column = 0;
    while (column < modules) {
      if (!data[row * modules + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < modules && data[row * modules + column]) column++;
      doc.rect(originX + start * module, originY + row * module, (column - start) * module, module);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
