import { describe, expect, it } from 'vitest';
import { drawOfficialSeal, MAX_SEAL_SIZE } from '../../../src/issuance/render/official-seal.js';

interface Call {
  method: string;
  args: unknown[];
}

/** A pdfkit document stand-in that records the drawing calls; every method chains like pdfkit's. */
function recordingDocument(): { doc: PDFKit.PDFDocument; calls: Call[] } {
  const calls: Call[] = [];
  const doc: PDFKit.PDFDocument = new Proxy({} as PDFKit.PDFDocument, {
    get: (_target, method) => (...args: unknown[]) => {
      calls.push({ method: String(method), args });
      return doc;
    },
  });
  return { doc, calls };
}

describe('drawOfficialSeal', () => {
  it('never draws larger than 25 mm, whatever size is asked for', () => {
    expect(MAX_SEAL_SIZE).toBeCloseTo(70.87, 1);
    const { doc, calls } = recordingDocument();
    drawOfficialSeal(doc, { x: 100, y: 100, size: 500, legend: '大阪市長之印', font: 'jp' });
    const rectangles = calls.filter((call) => call.method === 'rect').map((call) => call.args as number[]);
    expect(rectangles.length).toBe(2);
    for (const [x, y, width, height] of rectangles) {
      expect(x! >= 100 && y! >= 100).toBe(true);
      expect(x! + width! <= 100 + MAX_SEAL_SIZE + 1e-9 && y! + height! <= 100 + MAX_SEAL_SIZE + 1e-9).toBe(true);
    }
  });

  it('cuts 大阪市長之印 in columns read right to left, each top to bottom, in black', () => {
    const { doc, calls } = recordingDocument();
    drawOfficialSeal(doc, { x: 0, y: 0, size: 60, legend: '大阪市長之印', font: 'jp' });
    const placed = calls.filter((call) => call.method === 'text').map((call) => ({ character: call.args[0] as string, x: call.args[1] as number, y: call.args[2] as number }));
    expect(placed.map((glyph) => glyph.character).join('')).toBe('大阪市長之印');
    const column = (character: string) => placed.find((glyph) => glyph.character === character)!;
    expect(column('大').x).toBeGreaterThan(column('市').x);
    expect(column('市').x).toBeGreaterThan(column('之').x);
    expect(column('大').x).toBeCloseTo(column('阪').x);
    expect(column('阪').y).toBeGreaterThan(column('大').y);
    for (const glyph of placed) expect(glyph.x >= 0 && glyph.x < 60 && glyph.y > 0 && glyph.y < 60).toBe(true);
    expect(calls.filter((call) => call.method === 'strokeColor' || call.method === 'fillColor').map((call) => call.args[0])).toEqual(['#000000', '#000000']);
  });
});
