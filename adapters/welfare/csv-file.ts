/**
 * Writes an upload: the header row and one row per record (or per repeated
 * item) of a layout, RFC 4180 with CRLF, in the configured encoding. The
 * record has already passed its schema and the charset policy.
 */
import { encodeCsv, type CsvValue } from '../../src/codecs/csv.js';
import type { Cp932Options } from '../../src/codecs/cp932.js';
import { parsePointer, readPointer } from '../../src/mapping/json-pointer.js';
import type { ColumnType, CsvLayout, WelfareEncoding } from './wire.js';

/** How the file is encoded. */
export interface CsvFileEncoding {
  encoding: WelfareEncoding;
  /** Start a UTF-8 file with a byte order mark. Ignored for CP932. */
  bom?: boolean;
  cp932?: Cp932Options;
}

function cell(type: ColumnType, value: unknown): CsvValue {
  if (value === null || value === undefined) return '';
  if (type.kind === 'flag') return value === true ? type.yes : type.no;
  return value as CsvValue;
}

/** The rows of a layout for one record: the header row first. */
export function layoutRows(layout: CsvLayout, record: Record<string, unknown>, messageId: string): CsvValue[][] {
  const items = layout.repeat ? (readPointer(record, parsePointer(layout.repeat.source)) as unknown[]) : [undefined];
  const rows: CsvValue[][] = [layout.columns.map((column) => column.header)];
  items.forEach((_, index) => {
    rows.push(
      layout.columns.map((column) => {
        if (column.source === undefined) return messageId;
        const tokens = parsePointer(column.source).map((token) => (token === '*' ? String(index) : token));
        return cell(column.type, readPointer(record, tokens));
      }),
    );
  });
  return rows;
}

/** Encodes rows as the upload body. */
export function encodeCsvFile(rows: readonly CsvValue[][], options: CsvFileEncoding): Buffer {
  if (options.encoding === 'cp932') return encodeCsv(rows, { encoding: 'cp932', ...(options.cp932 ? { cp932: options.cp932 } : {}) });
  return encodeCsv(rows, { encoding: options.bom ? 'utf-8-bom' : 'utf-8' });
}
