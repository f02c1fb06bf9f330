/**
 * Encodes and decodes single fixed-length records. Values are strings (or
 * non-negative integers for `numeric` fields); a missing value is a blank
 * field (spaces, or zeros for `numeric`).
 */
import { InputError } from '../errors.js';
import { escapeToken } from '../mapping/json-pointer.js';
import { formatCodePoint } from './code-point.js';
import { decodeCp932, encodeCp932, isCp932LeadByte } from './cp932.js';
import type { Cp932Options } from './cp932.js';
import type { FixedWidthField, FixedWidthLayout, FixedWidthRecordLayout } from './fixed-width-layout.js';

/** Which record of a file. */
export type RecordKind = 'header' | 'data' | 'trailer';

const SPACE = 0x20;
const ZERO = 0x30;

function fieldError(layout: FixedWidthLayout, kind: RecordKind, recordNumber: number, field: FixedWidthField, code: string, message: string): InputError {
  return new InputError('record-layout-mismatch', 'Record does not fit the file layout', `${layout.name}: ${kind} record ${recordNumber}, field ${field.name}: ${message}`, [
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
    for (const key of Object.keys(values)) {
      if (!this.fieldNames[kind].has(key)) {
        throw new InputError('record-layout-mismatch', 'Record does not fit the file layout', `${this.layout.name}: ${kind} record ${recordNumber} has a field the layout does not define`, [
          { pointer: `/${escapeToken(key)}`, code: 'unknown-field', message: 'the layout has no such field' },
        ]);
      }
    }
    target[offset] = record.recordType.charCodeAt(0);
    let position = offset + 1;
    for (const field of record.fields) {
      const value = Object.prototype.hasOwnProperty.call(values, field.name) ? values[field.name] : undefined;
      this.encodeField(kind, recordNumber, field, value, target, position);
      position += field.width;
    }
    target[position] = 0x0d;
    target[position + 1] = 0x0a;
  }

  private encodeField(kind: RecordKind, recordNumber: number, field: FixedWidthField, value: unknown, target: Buffer, start: number): void {
    const fail = (code: string, message: string): never => {
      throw fieldError(this.layout, kind, recordNumber, field, code, message);
    };
    if (field.type === 'numeric') {
      const digits = value === undefined || value === null || value === '' ? '' : numericText(value);
      if (digits === undefined) fail('not-a-number', 'expected digits or a non-negative integer');
      if (digits!.length > field.width) fail('too-long', `${digits!.length} digits, width ${field.width}`);
      const padding = field.width - digits!.length;
      target.fill(ZERO, start, start + padding);
      target.write(digits!, start + padding, 'latin1');
      return;
    }
    const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    if (text === undefined) fail('not-text', 'expected text');
    if (field.type === 'kanji') {
      this.encodeKanji(field, text!, target, start, fail);
      return;
    }
    let length = 0;
    for (let i = 0; i < text!.length; i++) {
      const code = text!.charCodeAt(i);
      let byte: number;
      if (code >= 0x20 && code <= 0x7e) byte = code;
      else if (field.type === 'kana' && code >= 0xff61 && code <= 0xff9f) byte = code - 0xfec0;
      else return fail('invalid-character', `${formatCodePoint(text!.codePointAt(i)!)} is not allowed in a ${field.type} field`);
      if (length === field.width) {
        if (field.overflow === 'truncate') break;
        fail('too-long', `more than ${field.width} bytes`);
      }
      target[start + length++] = byte;
    }
    target.fill(SPACE, start + length, start + field.width);
  }

  private encodeKanji(field: FixedWidthField, text: string, target: Buffer, start: number, fail: (code: string, message: string) => never): void {
    const encoded = encodeCp932(text, this.encoding);
    if ('unmappable' in encoded) fail('unmappable-character', `${formatCodePoint(encoded.unmappable[0]!.codePoint)} is not in the target character set`);
    const bytes = (encoded as { bytes: Buffer }).bytes;
    for (let i = 0; i < bytes.length; i += 2) {
      if (!isCp932LeadByte(bytes[i]!)) fail('not-double-byte', 'a kanji field holds double-byte characters only');
    }
    let length = bytes.length;
    if (length > field.width) {
      if (field.overflow !== 'truncate') fail('too-long', `${length} bytes, width ${field.width}`);
      length = field.width - (field.width % 2);
    }
    bytes.copy(target, start, 0, length);
    let position = start + length;
    const end = start + field.width;
    if (field.pad !== 'space') {
      for (; position + 1 < end; position += 2) {
        target[position] = 0x81;
        target[position + 1] = 0x40;
      }
    }
    target.fill(SPACE, position, end);
  }
}

function numericText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return value;
  return undefined;
}

/** A field that failed to decode. */
export interface FieldDecodeError {
  field: string;
  code: 'invalid-bytes' | 'not-a-number';
}

/**
 * Decodes the fields of one record; `bytes` is the whole record, type byte
 * included, CRLF excluded. Text fields lose their trailing
 * padding; `numeric` fields stay digit strings so leading zeros of codes survive.
 */
export function decodeFixedWidthRecord(record: FixedWidthRecordLayout, bytes: Buffer, encoding: Cp932Options = {}): { values: Record<string, string> } | { error: FieldDecodeError } {
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
    const text = decodeCp932(slice, encoding);
    if (text.includes('\ufffd')) return { error: { field: field.name, code: 'invalid-bytes' } };
    values[field.name] = field.type === 'kanji' ? text.replace(/[ \u3000]+$/, '') : text.replace(/ +$/, '');
  }
  return { values };
}
