/**
 * Encodes and decodes single fixed-length records. Values are strings (or
 * non-negative integers for `numeric` fields); a missing value is a blank
 * field (spaces, or zeros for `numeric`).
 */
import { InputError } from '../errors.js';
import { escapeToken } from '../mapping/json-pointer.js';
import { formatCodePoint } from './code-point.js';
import { cp932CodeOf, decodeCp932 } from './cp932.js';
import type { Cp932Options } from './cp932.js';
import type { FixedWidthField, FixedWidthLayout, FixedWidthRecordLayout } from './fixed-width-layout.js';

/** Which record of a file. */
export type RecordKind = 'header' | 'data' | 'trailer';

const SPACE = 0x20;
const ZERO = 0x30;

function fieldError(layout: FixedWidthLayout, kind: RecordKind, recordNumber: number, field: FixedWidthField, code: string, message: string): InputError {
  return new InputError('record-layout-mismatch', `${layout.name}: ${kind} record ${recordNumber}, field ${field.name}: ${message}`, [
    { pointer: `/${escapeToken(field.name)}`, code, message },
  ]);
}

/** Writes records of one layout into caller-provided buffers. */
export class FixedWidthRecordEncoder {
  readonly layout: FixedWidthLayout;
  private readonly encoding: Cp932Options;
  private readonly fieldNames: Record<RecordKind, ReadonlySet<string>>;

  constructor(layout: FixedWidthLayout, encoding: Cp932Options = {}) {
    this.layout = layout;
    this.encoding = encoding;
    this.fieldNames = {
      header: new Set(layout.header.fields.map((field) => field.name)),
      data: new Set(layout.data.fields.map((field) => field.name)),
      trailer: new Set(layout.trailer.fields.map((field) => field.name)),
    };
  }

  /**
   * Writes one record and its CRLF (`recordLength + 2` bytes) at `offset`.
   * Throws InputError (`record-layout-mismatch`) with a pointer to the field.
   */
  encodeInto(kind: RecordKind, values: Readonly<Record<string, unknown>>, target: Buffer, offset: number, recordNumber: number): void {
    const record: FixedWidthRecordLayout = this.layout[kind];
    for (const key in values) {
      if (!this.fieldNames[kind].has(key)) {
        throw new InputError('record-layout-mismatch', `${this.layout.name}: ${kind} record ${recordNumber} has a field the layout does not define`, [
          { pointer: `/${escapeToken(key)}`, code: 'unknown-field', message: 'the layout has no such field' },
        ]);
      }
    }
    target[offset] = record.recordType.charCodeAt(0);
    let position = offset + 1;
    for (const field of record.fields) {
      const value = Object.prototype.hasOwnProperty.call(values, field.name) ? values[field.name] : undefined;
      try {
        this.encodeField(field, value, target, position);
      } catch (error) {
        if (error instanceof FieldProblem) throw fieldError(this.layout, kind, recordNumber, field, error.code, error.message);
        throw error;
      }
      position += field.width;
    }
    target[position] = 0x0d;
    target[position + 1] = 0x0a;
  }

  private encodeField(field: FixedWidthField, value: unknown, target: Buffer, start: number): void {
    const end = start + field.width;
    if (field.type === 'numeric') {
      const digits = value === undefined || value === null || value === '' ? '' : numericText(value);
      if (digits === undefined) throw new FieldProblem('not-a-number', 'expected digits or a non-negative integer');
      if (digits.length > field.width) throw new FieldProblem('too-long', `${digits.length} digits, width ${field.width}`);
      const padding = field.width - digits.length;
      for (let i = 0; i < padding; i++) target[start + i] = ZERO;
      for (let i = 0; i < digits.length; i++) target[start + padding + i] = digits.charCodeAt(i);
      return;
    }
    const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    if (text === undefined) throw new FieldProblem('not-text', 'expected text');
    let position = field.type === 'kanji' ? writeKanji(field, text, target, start, this.encoding) : writeSingleByte(field, text, target, start);
    if (field.type === 'kanji' && field.pad !== 'space') {
      for (; position + 1 < end; position += 2) {
        target[position] = 0x81;
        target[position + 1] = 0x40;
      }
    }
    for (; position < end; position++) target[position] = SPACE;
  }
}

/** Why a field cannot be encoded; turned into an InputError with the record's context. */
class FieldProblem {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

/** Writes double-byte characters; returns the position after the last one. */
function writeKanji(field: FixedWidthField, text: string, target: Buffer, start: number, encoding: Cp932Options): number {
  const end = start + field.width;
  let position = start;
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index)!;
    if (codePoint > 0xffff) index++;
    const code = cp932CodeOf(codePoint, encoding);
    if (code < 0) throw new FieldProblem('unmappable-character', `${formatCodePoint(codePoint)} is not in the target character set`);
    if (code <= 0xff) throw new FieldProblem('not-double-byte', 'a kanji field holds double-byte characters only');
    if (position + 2 > end) {
      if (field.overflow === 'truncate') break;
      throw new FieldProblem('too-long', `more than ${field.width} bytes`);
    }
    target[position] = code >> 8;
    target[position + 1] = code & 0xff;
    position += 2;
  }
  return position;
}

/** Writes an `alnum` or `kana` value; returns the position after it. */
function writeSingleByte(field: FixedWidthField, text: string, target: Buffer, start: number): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let byte: number;
    if (code >= 0x20 && code <= 0x7e) byte = code;
    else if (field.type === 'kana' && code >= 0xff61 && code <= 0xff9f) byte = code - 0xfec0;
    else throw new FieldProblem('invalid-character', `${formatCodePoint(text.codePointAt(i)!)} is not allowed in a ${field.type} field`);
    if (length === field.width) {
      if (field.overflow === 'truncate') break;
      throw new FieldProblem('too-long', `more than ${field.width} bytes`);
    }
    target[start + length++] = byte;
  }
  return start + length;
}

function numericText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return value;
  return undefined;
}

/** A field that failed to decode. */
export interface FieldDecodeError {
  field: string;
  code: 'invalid-bytes' | 'not-a-number' | 'invalid-character';
}

/**
 * Decodes the fields of one record; `bytes` is the whole record, type byte
 * included, CRLF excluded. Text fields lose their trailing
 * padding; `numeric` fields stay digit strings so leading zeros of codes survive.
 */
export function decodeFixedWidthRecord(record: FixedWidthRecordLayout, bytes: Buffer): { values: Record<string, string> } | { error: FieldDecodeError } {
  const values: Record<string, string> = Object.create(null);
  let position = 1;
  for (const field of record.fields) {
    const slice = bytes.subarray(position, position + field.width);
    position += field.width;
    if (field.type === 'numeric') {
      const digits = slice.toString('latin1');
      if (!/^[0-9]*$/.test(digits)) return { error: { field: field.name, code: 'not-a-number' } };
      values[field.name] = digits;
      continue;
    }
    if (field.type !== 'kanji') {
      for (const byte of slice) {
        const allowed = (byte >= 0x20 && byte <= 0x7e) || (field.type === 'kana' && byte >= 0xa1 && byte <= 0xdf);
        if (!allowed) return { error: { field: field.name, code: 'invalid-character' } };
      }
    }
    const text = decodeCp932(slice);
    if (text.includes('\ufffd')) return { error: { field: field.name, code: 'invalid-bytes' } };
    values[field.name] = field.type === 'kanji' ? text.replace(/[ \u3000]+$/, '') : text.replace(/ +$/, '');
  }
  return { values };
}
