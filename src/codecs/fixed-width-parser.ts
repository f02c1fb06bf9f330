/**
 * Reads fixed-length CP932 files back and validates them: every line is
 * exactly `recordLength` bytes plus CRLF, the header comes first and the
 * trailer last, the trailer's record count and checksum match the data.
 * Errors carry the 1-based line number. It works on chunks, so a large result
 * file never has to be held in memory.
 */
import type { FixedWidthLayout } from './fixed-width-layout.js';
import { decodeFixedWidthRecord } from './fixed-width-record.js';
import type { RecordKind } from './fixed-width-record.js';

/** One problem found in a file. */
export interface FixedWidthLineError {
  /** 1-based line number; the line after the last one for a missing trailer. */
  line: number;
  code:
    | 'record-length'
    | 'line-ending'
    | 'unknown-record-type'
    | 'header-not-first'
    | 'missing-header'
    | 'record-after-trailer'
    | 'missing-trailer'
    | 'invalid-bytes'
    | 'invalid-character'
    | 'not-a-number'
    | 'count-mismatch'
    | 'checksum-mismatch';
  message: string;
}

/** A decoded record. */
export interface ParsedRecord {
  line: number;
  kind: RecordKind;
  values: Record<string, string>;
}

/** The outcome of reading a whole file. */
export type FixedWidthParseResult =
  | { ok: true; header: Record<string, string>; records: Record<string, string>[]; trailer: Record<string, string> }
  | { ok: false; errors: FixedWidthLineError[] };

/** Stops collecting errors after this many; the file is broken anyway. */
const MAX_ERRORS = 100;

/** Incremental reader: `push` chunks, collect the data records, then `end`. */
export class FixedWidthParser {
  private readonly layout: FixedWidthLayout;
  private readonly modulus: number;
  private pending: Buffer = Buffer.alloc(0);
  private line = 0;
  private header: Record<string, string> | undefined;
  private trailer: { line: number; values: Record<string, string> } | undefined;
  private recordCount = 0;
  private checksum = 0;
  /** Set after an overlong line was reported, until its end arrives. */
  private skipToNewline = false;
  readonly errors: FixedWidthLineError[] = [];

  constructor(layout: FixedWidthLayout) {
    this.layout = layout;
    this.modulus = 10 ** layout.trailer.fields.find((field) => field.role === 'checksum')!.width;
  }

  /** Feeds bytes; returns the data records completed by them. */
  push(chunk: Buffer): ParsedRecord[] {
    const parsed: ParsedRecord[] = [];
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, start);
      if (newline < 0) break;
      this.acceptLine(buffer.subarray(start, newline), true, parsed);
      start = newline + 1;
    }
    buffer = buffer.subarray(start);
    // A line longer than a record plus CRLF is already wrong; do not let it grow without bound.
    if (buffer.length > this.layout.recordLength + 2) {
      this.acceptLine(buffer, false, parsed);
      buffer = Buffer.alloc(0);
      this.skipToNewline = true;
    }
    this.pending = Buffer.from(buffer);
    return parsed;
  }

  /** Checks what only the whole file can tell; returns the errors (empty when valid) and the trailer. */
  end(): { errors: FixedWidthLineError[]; header: Record<string, string> | undefined; trailer: Record<string, string> | undefined } {
    if (this.pending.length > 0) this.acceptLine(this.pending, false, []);
    this.pending = Buffer.alloc(0);
    if (this.line === 0) this.report(1, 'missing-header', 'the file is empty');
    if (!this.trailer) {
      this.report(this.line + 1, 'missing-trailer', 'the file ends without a trailer record');
    } else {
      const count = this.layout.trailer.fields.find((field) => field.role === 'record-count')!.name;
      const checksum = this.layout.trailer.fields.find((field) => field.role === 'checksum')!.name;
      if (Number(this.trailer.values[count]) !== this.recordCount) {
        this.report(this.trailer.line, 'count-mismatch', `the trailer says ${Number(this.trailer.values[count])} data records, the file has ${this.recordCount}`);
      }
      if (Number(this.trailer.values[checksum]) !== this.checksum) {
        this.report(this.trailer.line, 'checksum-mismatch', `the trailer checksum is ${Number(this.trailer.values[checksum])}, the data sums to ${this.checksum}`);
      }
    }
    return { errors: this.errors, header: this.header, trailer: this.trailer?.values };
  }

  private report(line: number, code: FixedWidthLineError['code'], message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ line, code, message });
  }

  private acceptLine(raw: Buffer, terminated: boolean, parsed: ParsedRecord[]): void {
    if (this.skipToNewline) {
      this.skipToNewline = !terminated;
      return;
    }
    this.line++;
    const line = this.line;
    const hasCr = terminated && raw.length > 0 && raw[raw.length - 1] === 0x0d;
    const bytes = hasCr ? raw.subarray(0, raw.length - 1) : raw;
    if (!hasCr) this.report(line, 'line-ending', 'records end with CRLF');
    if (bytes.length !== this.layout.recordLength) {
      this.report(line, 'record-length', `${bytes.length} bytes, the record length is ${this.layout.recordLength}`);
      return;
    }
    const type = String.fromCharCode(bytes[0]!);
    const kind: RecordKind | undefined =
      type === this.layout.header.recordType ? 'header' : type === this.layout.data.recordType ? 'data' : type === this.layout.trailer.recordType ? 'trailer' : undefined;
    if (kind === undefined) {
      this.report(line, 'unknown-record-type', `record type byte 0x${bytes[0]!.toString(16).padStart(2, '0')} is not in the layout`);
      return;
    }
    if (this.trailer) this.report(line, 'record-after-trailer', 'records follow the trailer');
    if (kind === 'header' && line !== 1) this.report(line, 'header-not-first', 'a header record after the first line');
    if (kind !== 'header' && line === 1) this.report(line, 'missing-header', 'the first record is not a header');
    const decoded = decodeFixedWidthRecord(this.layout[kind], bytes);
    if ('error' in decoded) {
      this.report(line, decoded.error.code, `field ${decoded.error.field} cannot be decoded`);
    }
    if (kind === 'data') {
      this.recordCount++;
      for (const byte of bytes) this.checksum += byte;
      this.checksum %= this.modulus;
      if ('values' in decoded) parsed.push({ line, kind, values: decoded.values });
    } else if (kind === 'header' && line === 1 && 'values' in decoded) {
      this.header = decoded.values;
    } else if (kind === 'trailer' && !this.trailer) {
      this.trailer = { line, values: 'values' in decoded ? decoded.values : {} };
    }
  }
}

/** Reads a whole file held in memory. */
export function parseFixedWidthFile(layout: FixedWidthLayout, bytes: Buffer): FixedWidthParseResult {
  const parser = new FixedWidthParser(layout);
  const records = parser.push(bytes).map((record) => record.values);
  const { errors, header, trailer } = parser.end();
  if (errors.length > 0 || !header || !trailer) return { ok: false, errors };
  return { ok: true, header, records, trailer };
}
