/**
 * Fixed-length record layouts as data. A file is one header record, data
 * records and one trailer record, each exactly `recordLength` bytes of CP932
 * followed by CRLF. The first byte of every record is its record-type byte;
 * the fields follow it. Widths are in bytes of CP932, never in characters.
 */
import { ConfigurationError } from '../errors.js';

/**
 * - `alnum`: ASCII 0x20–0x7E, left-aligned, padded with spaces.
 * - `numeric`: digits, right-aligned, padded with zeros. Never truncated.
 * - `kanji`: double-byte characters only, left-aligned, padded with U+3000
 *   (0x8140; an odd byte left over becomes a space) or with single spaces.
 * - `kana`: single-byte text (ASCII and half-width katakana), left-aligned, space-padded.
 */
export type FixedWidthFieldType = 'alnum' | 'numeric' | 'kanji' | 'kana';

/** One field of a record. */
export interface FixedWidthField {
  name: string;
  /** Width in bytes. */
  width: number;
  type: FixedWidthFieldType;
  /** Padding of `kanji` fields; default `full-width-space`. */
  pad?: 'full-width-space' | 'space';
  /** What a too-long value does: `error` (default) or `truncate` (never splits a double-byte character). */
  overflow?: 'error' | 'truncate';
  /** Trailer fields the writer fills in: the number of data records, or the checksum. */
  role?: 'record-count' | 'checksum';
}

/** The layout of one record type. */
export interface FixedWidthRecordLayout {
  /** The record-type byte: one ASCII character. */
  recordType: string;
  fields: FixedWidthField[];
}

/**
 * A file layout. The trailer carries the number of data records and a
 * checksum: the sum of all bytes of all data records (CRLF excluded), modulo
 * 10^width of the checksum field.
 */
export interface FixedWidthLayout {
  name: string;
  /** Bytes per record, CRLF excluded. */
  recordLength: number;
  header: FixedWidthRecordLayout;
  data: FixedWidthRecordLayout;
  trailer: FixedWidthRecordLayout;
}

const FIELD_TYPES: ReadonlySet<string> = new Set(['alnum', 'numeric', 'kanji', 'kana']);

/** Validates a layout. Throws ConfigurationError naming the path inside it. */
export function defineFixedWidthLayout(layout: FixedWidthLayout, where: { file?: string } = {}): FixedWidthLayout {
  const fail = (path: string, detail: string): never => {
    throw new ConfigurationError(detail, { ...where, path });
  };
  if (!Number.isInteger(layout.recordLength) || layout.recordLength < 2) fail('/recordLength', 'record length must be an integer of 2 or more');
  const types = new Set<string>();
  for (const kind of ['header', 'data', 'trailer'] as const) {
    const record = layout[kind];
    if (!/^[\x21-\x7e]$/.test(record.recordType)) fail(`/${kind}/recordType`, 'record type must be one printable ASCII character');
    if (types.has(record.recordType)) fail(`/${kind}/recordType`, 'record types must differ');
    types.add(record.recordType);
    const names = new Set<string>();
    let total = 1;
    record.fields.forEach((field, i) => {
      const path = `/${kind}/fields/${i}`;
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field.name)) fail(`${path}/name`, 'field names are letters, digits and _');
      if (names.has(field.name)) fail(`${path}/name`, `field ${field.name} appears twice`);
      names.add(field.name);
      if (!Number.isInteger(field.width) || field.width < 1) fail(`${path}/width`, 'width must be a positive integer (bytes)');
      if (!FIELD_TYPES.has(field.type)) fail(`${path}/type`, 'type must be alnum, numeric, kanji or kana');
      if (field.type === 'numeric' && field.overflow === 'truncate') fail(`${path}/overflow`, 'numbers are never truncated');
      if (field.role !== undefined && (kind !== 'trailer' || field.type !== 'numeric')) fail(`${path}/role`, 'roles are for numeric trailer fields');
      if (field.role === 'checksum' && field.width > 15) fail(`${path}/width`, 'a checksum field is at most 15 digits');
      total += field.width;
    });
    if (total !== layout.recordLength) fail(`/${kind}/fields`, `fields and type byte take ${total} bytes, the record length is ${layout.recordLength}`);
  }
  for (const role of ['record-count', 'checksum'] as const) {
    const count = layout.trailer.fields.filter((field) => field.role === role).length;
    if (count !== 1) fail('/trailer/fields', `the trailer needs exactly one ${role} field`);
  }
  return layout;
}
