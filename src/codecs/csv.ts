/**
 * RFC 4180 CSV: CRLF record ends, fields quoted when they hold a comma, a
 * quote, CR or LF, quotes doubled inside quoted fields. Text is UTF-8 (with
 * or without BOM) or CP932; CP932 goes through the strict encoder, so an
 * unmappable character is an error, never a `?`.
 *
 * The parser is a single linear pass with limits on input size, columns,
 * field length and rows, so hostile input (an unterminated quote, a million
 * columns) fails fast with the line where it happened.
 */
import { InputError } from '../errors.js';
import { formatCodePoint } from './code-point.js';
import { decodeCp932, encodeCp932 } from './cp932.js';
import type { Cp932Options } from './cp932.js';

/** Text encoding of a CSV file. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'cp932';

/** A value the writer accepts; `null` and `undefined` are empty fields. */
export type CsvValue = string | number | boolean | null | undefined;

/** Options of the writer. */
export interface CsvWriteOptions {
  encoding?: CsvEncoding;
  cp932?: Cp932Options;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEEDS_QUOTES = /[",\r\n]/;

function fieldText(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Encodes one record and its CRLF. `rowIndex` only serves error pointers
 * (`/rows/<row>/<column>`). Throws InputError `unmappable-character` for CP932.
 */
export function encodeCsvRow(values: readonly CsvValue[], options: CsvWriteOptions = {}, rowIndex = 0): Buffer {
  const line = `${values.map(fieldText).join(',')}\r\n`;
  if (options.encoding !== 'cp932') return Buffer.from(line, 'utf8');
  const encoded = encodeCp932(line, options.cp932);
  if ('bytes' in encoded) return encoded.bytes;
  const issues = encoded.unmappable.map((item) => ({
    pointer: `/rows/${rowIndex}/${columnAt(values, item.index)}`,
    code: 'unmappable-character',
    message: `character ${formatCodePoint(item.codePoint)} cannot be encoded in CP932`,
  }));
  throw new InputError('unmappable-character', `CSV row ${rowIndex + 1} cannot be encoded in CP932`, issues);
}

/** The column holding a string index of the encoded line. */
function columnAt(values: readonly CsvValue[], index: number): number {
  let end = 0;
  for (let column = 0; column < values.length; column++) {
    end += fieldText(values[column]).length + 1;
    if (index < end) return column;
  }
  return values.length - 1;
}

/** Encodes a whole file; the BOM comes first for `utf-8-bom`. */
export function encodeCsv(rows: readonly (readonly CsvValue[])[], options: CsvWriteOptions = {}): Buffer {
  const parts = rows.map((row, index) => encodeCsvRow(row, options, index));
  if (options.encoding === 'utf-8-bom') parts.unshift(UTF8_BOM);
  return Buffer.concat(parts);
}

/** Limits of the parser; the defaults suit core-system replies. */
export interface CsvParseOptions {
  /** `utf-8` also accepts a BOM. Default `utf-8`. */
  encoding?: 'utf-8' | 'cp932';
  /** Default 64 MiB. */
  maxBytes?: number;
  /** Default 1,000. */
  maxColumns?: number;
  /** Characters per field; default 65,536. */
  maxFieldLength?: number;
  /** Default 1,000,000. */
  maxRows?: number;
  /** Allow rows with differing numbers of fields; default false (RFC 4180 §2.4). */
  allowRagged?: boolean;
}

/** Why a file could not be read. */
export interface CsvParseError {
  code:
    | 'too-large'
    | 'invalid-encoding'
    | 'unterminated-quote'
    | 'quote-in-unquoted-field'
    | 'text-after-quote'
    | 'too-many-columns'
    | 'field-too-long'
    | 'too-many-rows'
    | 'ragged-row';
  /** 1-based physical line (quoted line breaks count). */
  line: number;
  /** 1-based record number. */
  record: number;
  message: string;
}

export type CsvParseResult = { ok: true; rows: string[][] } | { ok: false; error: CsvParseError };

/** Parses a CSV file. Record ends may be CRLF or LF; a final record end is optional. */
export function parseCsv(input: Buffer, options: CsvParseOptions = {}): CsvParseResult {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  if (input.length > maxBytes) return failure('too-large', 1, 1, `more than ${maxBytes} bytes`);
  let text: string;
  if (options.encoding === 'cp932') {
    text = decodeCp932(input);
    if (text.includes('\ufffd')) return failure('invalid-encoding', lineAt(text, text.indexOf('\ufffd')), 1, 'not valid CP932');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      return failure('invalid-encoding', 1, 1, 'not valid UTF-8');
    }
  }
  return parseCsvText(text, options);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

function failure(code: CsvParseError['code'], line: number, record: number, message: string): { ok: false; error: CsvParseError } {
  return { ok: false, error: { code, line, record, message } };
}

const QUOTE = 0x22;
const COMMA_CODE = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Parses decoded CSV text; the size limit was checked on the bytes. */
function parseCsvText(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const maxColumns = options.maxColumns ?? 1000;
  const maxFieldLength = options.maxFieldLength ?? 65_536;
  const maxRows = options.maxRows ?? 1_000_000;
  const rows: string[][] = [];
  let row: string[] = [];
  let line = 1;
  let index = 0;
  const length = text.length;
  if (length === 0) return { ok: true, rows };

  for (;;) {
    // One field starts at `index`.
    let value: string;
    if (text.charCodeAt(index) === QUOTE) {
      const startLine = line;
      const pieces: string[] = [];
      let collected = 0;
      let from = index + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return failure('unterminated-quote', startLine, rows.length + 1, 'a quoted field is never closed');
        for (let i = from; i < quote; i++) if (text.charCodeAt(i) === LF) line++;
        collected += quote - from;
        if (collected > maxFieldLength) return failure('field-too-long', line, rows.length + 1, `a field is longer than ${maxFieldLength} characters`);
        pieces.push(text.slice(from, quote));
        if (text.charCodeAt(quote + 1) === QUOTE) {
          pieces.push('"');
          collected++;
          from = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      value = pieces.join('');
      const next = text.charCodeAt(index);
      if (index < length && next !== COMMA_CODE && next !== CR && next !== LF) {
        return failure('text-after-quote', line, rows.length + 1, 'only a comma or a line break may follow a closing quote');
      }
    } else {
      const start = index;
      while (index < length) {
        const code = text.charCodeAt(index);
        if (code === COMMA_CODE || code === LF || (code === CR && text.charCodeAt(index + 1) === LF)) break;
        if (code === QUOTE) return failure('quote-in-unquoted-field', line, rows.length + 1, 'a quote inside a field that is not quoted');
        index++;
      }
      if (index - start > maxFieldLength) return failure('field-too-long', line, rows.length + 1, `a field is longer than ${maxFieldLength} characters`);
      value = text.slice(start, index);
    }
    row.push(value);
    if (row.length > maxColumns) return failure('too-many-columns', line, rows.length + 1, `more than ${maxColumns} columns`);

    const code = text.charCodeAt(index);
    if (code === COMMA_CODE) {
      index++;
      continue;
    }
    // End of record: CRLF, LF, a lone CR right after a quoted field, or end of input.
    if (code === CR) index++;
    if (text.charCodeAt(index) === LF) index++;
    line++;
    if (!options.allowRagged && rows.length > 0 && row.length !== rows[0]!.length) {
      return failure('ragged-row', line - 1, rows.length + 1, `${row.length} fields, the first record has ${rows[0]!.length}`);
    }
    rows.push(row);
    row = [];
    if (index >= length) return { ok: true, rows };
    if (rows.length >= maxRows) return failure('too-many-rows', line, rows.length + 1, `more than ${maxRows} records`);
  }
}
