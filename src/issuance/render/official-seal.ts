/** Where and how to draw a 公印. */
export interface SealPlacement {
  /** Left edge, points. */
  x: number;
  /** Top edge, points. */
  y: number;
  /** Side of the square, points. The printed 住民票 standard allows at most 25 mm (≈ 70.9 pt). */
  size: number;
  /** The seal's legend, e.g. 大阪市長之印. */
  legend: string;
  /** Registered name of the font to cut the legend in. */
  font: string;
  /** The standard for printed certificates asks for a black 電子公印. */
  color?: string;
}

/** 25 mm in points: the largest 電子公印 the printed-certificate standard allows. */
export const MAX_SEAL_SIZE = (25 / 25.4) * 72;

type ScaledTextOptions = PDFKit.Mixins.TextOptions & { horizontalScaling?: number };

/**
 * Draws a square 公印 with pdfkit vector graphics: a heavy outer frame, a thin
 * inner frame, and the legend in seal layout — columns read right to left,
 * each top to bottom (大阪 | 市長 | 之印), every character stretched to fill its
 * cell as carved seals do.
 */
export function drawOfficialSeal(doc: PDFKit.PDFDocument, placement: SealPlacement): void {
  const { x, y, legend, font } = placement;
  const size = Math.min(placement.size, MAX_SEAL_SIZE);
  const color = placement.color ?? '#000000';
  const characters = [...legend];
  const columns = characters.length <= 4 ? 2 : 3;
  const rows = Math.max(1, Math.ceil(characters.length / columns));
  const frame = size * 0.07;
  const gap = size * 0.035;
  const inner = size - 2 * (frame + gap);
  const cellWidth = inner / columns;
  const cellHeight = inner / rows;
  const fontSize = cellHeight * 0.96;
  const scaling = Math.min(100, (cellWidth / fontSize) * 100 * 0.96);

  doc.save();
  doc.lineWidth(frame).strokeColor(color).rect(x + frame / 2, y + frame / 2, size - frame, size - frame).stroke();
  doc.lineWidth(size * 0.012).rect(x + frame + gap / 2, y + frame + gap / 2, size - 2 * frame - gap, size - 2 * frame - gap).stroke();
  doc.font(font).fontSize(fontSize).fillColor(color);
  characters.forEach((character, index) => {
    const column = Math.floor(index / rows);
    const row = index % rows;
    const centerX = x + frame + gap + inner - (column + 0.5) * cellWidth;
    const centerY = y + frame + gap + (row + 0.5) * cellHeight;
    const width = (fontSize * scaling) / 100;
    // A CJK glyph's em box spans 0.12 em below to 0.88 em above the baseline.
    const baseline = centerY + fontSize * 0.38;
    const options: ScaledTextOptions = { lineBreak: false, baseline: 'alphabetic', horizontalScaling: scaling };
    doc.text(character, centerX - width / 2, baseline, options);
  });
  doc.restore();
}
