import PDFDocument from 'pdfkit';
import { toDisplayText, type GlyphCoverage } from './display-text.js';
import { japaneseFont, registerJapaneseFont } from './japanese-font.js';

/** Registered font names. */
export const FONT = { regular: 'jp', bold: 'jp-bold' } as const;

/** A4 in points, and the printable frame the certificate uses. */
export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 56, top: 60, bottom: 48 } as const;

/** Width between the side margins. */
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

/** A horizontal band of the page: left edge and width. */
export interface Frame {
  x: number;
  width: number;
}

const FULL_WIDTH: Frame = { x: PAGE.left, width: CONTENT_WIDTH };

/** One cell of a labelled grid: a small label above its value. */
export interface LabelledCell {
  label: string;
  value: string;
  /** A smaller line under the value (フリガナ under a name). */
  note?: string;
  /** Columns the cell spans (default 1). */
  span?: number;
}

/** One column of a ruled table. */
export interface TableColumn {
  /** Share of the content width. */
  fraction: number;
  align?: 'left' | 'right';
}

/** One row of a ruled table. */
export interface TableRow {
  cells: string[];
  /** A shaded heading row. */
  heading?: boolean;
}

const LABEL_SIZE = 7.5;
const VALUE_SIZE = 10.5;
const PADDING = 4;
const TABLE_SIZE = 9.5;
const TABLE_PADDING = 3;
const SIDE_GAP = 12;
const RULE = '#4d4d4d';
const SHADE = '#ececec';

/**
 * Draws certificate furniture onto a pdfkit document: a cursor that moves
 * down the page, a new page when a block does not fit, and every string passed
 * through {@link toDisplayText} so no character can break the layout.
 */
export class PagePrinter {
  readonly doc: PDFKit.PDFDocument;
  y: number = PAGE.top;
  private readonly coverage: GlyphCoverage;

  constructor(creationDate: Date) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: PAGE.top, bottom: 0, left: PAGE.left, right: PAGE.right },
      bufferPages: true,
      autoFirstPage: true,
      info: { CreationDate: creationDate, ModDate: creationDate, Producer: 'Kakehashi', Creator: 'Kakehashi' },
      lang: 'ja-JP',
      displayTitle: true,
    });
    registerJapaneseFont(this.doc, FONT.regular, 'Regular');
    registerJapaneseFont(this.doc, FONT.bold, 'Bold');
    this.doc.font(FONT.regular);
    this.coverage = japaneseFont('Regular');
  }

  /** `value` as the font can print it. */
  display(value: string): string {
    return toDisplayText(value, this.coverage);
  }

  /** Starts a new page when `height` does not fit above `reserve` points of the bottom margin. */
  ensureSpace(height: number, reserve = 0): void {
    if (this.y + height <= PAGE.height - PAGE.bottom - reserve) return;
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Text in the content frame at the cursor; the cursor moves below it. */
  paragraph(value: string, options: { size: number; bold?: boolean; align?: 'left' | 'center' | 'right'; indent?: number; spacing?: number; gap?: number }): void {
    const width = CONTENT_WIDTH - (options.indent ?? 0);
    const text = this.display(value);
    this.doc.font(options.bold ? FONT.bold : FONT.regular).fontSize(options.size).fillColor('#000000');
    const textOptions = { width, align: options.align ?? 'left', characterSpacing: options.spacing ?? 0, lineGap: 2 };
    const height = this.doc.heightOfString(text, textOptions);
    this.ensureSpace(height);
    this.doc.text(text, PAGE.left + (options.indent ?? 0), this.y, textOptions);
    this.y += height + (options.gap ?? 0);
  }

  /** Height a labelled cell grid will take, so a block can be kept on one page. */
  measureCells(cells: LabelledCell[], columns: number): number {
    return this.packRows(cells, columns).reduce((sum, row) => sum + this.rowHeight(row, columns), 0);
  }

  /** A ruled grid of labelled cells, `columns` wide, packed row by row. */
  cells(cells: LabelledCell[], columns: number): void {
    const columnWidth = CONTENT_WIDTH / columns;
    for (const row of this.packRows(cells, columns)) {
      const height = this.rowHeight(row, columns);
      this.ensureSpace(height);
      let x = PAGE.left;
      for (const cell of row) {
        const width = columnWidth * (cell.span ?? 1);
        this.doc.lineWidth(0.6).strokeColor(RULE).rect(x, this.y, width, height).stroke();
        this.doc.font(FONT.regular).fontSize(LABEL_SIZE).fillColor('#333333');
        this.doc.text(this.display(cell.label), x + PADDING, this.y + PADDING, { width: width - 2 * PADDING, lineBreak: false });
        this.doc.fontSize(VALUE_SIZE).fillColor('#000000');
        const valueY = this.y + PADDING + LABEL_SIZE * 1.5;
        const value = this.display(cell.value);
        this.doc.text(value, x + PADDING, valueY, { width: width - 2 * PADDING, lineGap: 1 });
        if (cell.note) {
          const noteY = valueY + this.doc.heightOfString(value, { width: width - 2 * PADDING, lineGap: 1 });
          this.doc.fontSize(LABEL_SIZE).fillColor('#333333').text(this.display(cell.note), x + PADDING, noteY, { width: width - 2 * PADDING });
        }
        x += width;
      }
      this.y += height;
    }
  }

  /** A ruled table; a row with a single cell spans the frame's full width. */
  table(rows: TableRow[], columns: TableColumn[], frame: Frame = FULL_WIDTH): void {
    for (const row of rows) {
      const height = this.tableRowHeight(row, columns, frame);
      this.ensureSpace(height);
      let x = frame.x;
      row.cells.forEach((cell, i) => {
        const width = this.tableCellWidth(row, columns, frame, i);
        if (row.heading) this.doc.rect(x, this.y, width, height).fill(SHADE);
        this.doc.lineWidth(0.6).strokeColor(RULE).rect(x, this.y, width, height).stroke();
        const align = row.heading || row.cells.length === 1 ? 'left' : (columns[i]?.align ?? 'left');
        this.setTableFont(row);
        this.doc.fillColor('#000000').text(this.display(cell), x + PADDING, this.y + TABLE_PADDING, { width: width - 2 * PADDING, align });
        x += width;
      });
      this.y += height;
    }
  }

  /** Two tables next to each other, or one under the other when together they would not fit on a page. */
  tablesSideBySide(left: TableRow[], right: TableRow[], columns: TableColumn[]): void {
    const width = (CONTENT_WIDTH - SIDE_GAP) / 2;
    const frames: [Frame, Frame] = [{ x: PAGE.left, width }, { x: PAGE.left + width + SIDE_GAP, width }];
    const heights = [left, right].map((rows, i) => rows.reduce((sum, row) => sum + this.tableRowHeight(row, columns, frames[i]!), 0));
    const height = Math.max(...heights);
    if (height > PAGE.height - PAGE.top - PAGE.bottom) {
      this.table(left, columns);
      this.table(right, columns);
      return;
    }
    this.ensureSpace(height);
    const top = this.y;
    this.table(left, columns, frames[0]);
    this.y = top;
    this.table(right, columns, frames[1]);
    this.y = top + height;
  }

  private setTableFont(row: TableRow): void {
    this.doc.font(row.heading ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE);
  }

  private tableCellWidth(row: TableRow, columns: TableColumn[], frame: Frame, index: number): number {
    return row.cells.length === 1 ? frame.width : (columns[index]?.fraction ?? 0) * frame.width;
  }

  private tableRowHeight(row: TableRow, columns: TableColumn[], frame: Frame): number {
    this.setTableFont(row);
    const heights = row.cells.map((cell, i) => this.doc.heightOfString(this.display(cell) || ' ', { width: this.tableCellWidth(row, columns, frame, i) - 2 * PADDING }));
    return Math.max(...heights) + 2 * TABLE_PADDING;
  }

  private packRows(cells: LabelledCell[], columns: number): LabelledCell[][] {
    const rows: LabelledCell[][] = [];
    let current: LabelledCell[] = [];
    let used = 0;
    for (const cell of cells) {
      const span = Math.min(columns, cell.span ?? 1);
      if (used + span > columns) {
        rows.push(this.widenLast(current, columns - used));
        current = [];
        used = 0;
      }
      current.push({ ...cell, span });
      used += span;
    }
    if (current.length > 0) rows.push(this.widenLast(current, columns - used));
    return rows;
  }

  private widenLast(row: LabelledCell[], spare: number): LabelledCell[] {
    const last = row[row.length - 1];
    if (last && spare > 0) last.span = (last.span ?? 1) + spare;
    return row;
  }

  private rowHeight(row: LabelledCell[], columns: number): number {
    const columnWidth = CONTENT_WIDTH / columns;
    return Math.max(
      ...row.map((cell) => {
        const width = columnWidth * (cell.span ?? 1) - 2 * PADDING;
        this.doc.font(FONT.regular).fontSize(VALUE_SIZE);
        let height = this.doc.heightOfString(this.display(cell.value) || ' ', { width, lineGap: 1 });
        if (cell.note) height += this.doc.fontSize(LABEL_SIZE).heightOfString(this.display(cell.note), { width });
        return height + LABEL_SIZE * 1.5 + 2 * PADDING + 2;
      }),
    );
  }
}
