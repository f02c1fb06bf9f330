/**
 * Reads an upload the way the package's import does: decode in the declared
 * charset, parse RFC 4180, match the header row, check every cell, and put the
 * rows back together into one record (claimant columns must agree on every row).
 * Every problem is reported with its row and column header, never its value.
 */
import { parseCsv } from '../../../src/codecs/csv.js';
import type { EraTable } from '../../../src/jp/era.js';
import { parsePointer } from '../../../src/mapping/json-pointer.js';
import { WELFARE_REPLY_CODES, type CsvLayout, type WelfareEncoding, type WelfareFileError } from '../wire.js';
import { checkCell } from './cell-rules.js';

/** The upload as the package stores it, or why it was rejected. */
export type UploadReading = { ok: true; record: Record<string, unknown>; records: number } | { ok: false; errors: WelfareFileError[] };

/** Charset names the import accepts, lower-cased, by the decoder they select. */
const CHARSETS: Readonly<Record<string, WelfareEncoding>> = {
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'windows-31j': 'cp932',
  cp932: 'cp932',
  ms932: 'cp932',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
};

/** The encoding a `Content-Type` declares, or undefined when it is not `text/csv` with a known charset. */
export function encodingOf(contentType: string | undefined): WelfareEncoding | undefined {
  const match = /^\s*text\/csv\s*;\s*charset\s*=\s*"?([A-Za-z0-9_-]+)"?\s*$/i.exec(contentType ?? '');
  return match ? CHARSETS[match[1]!.toLowerCase()] : undefined;
}

function place(record: Record<string, unknown>, tokens: readonly string[], value: unknown): 'set' | 'same' | 'different' {
  let target: Record<string, unknown> = record;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    const nextIsIndex = /^[0-9]+$/.test(tokens[i + 1]!);
    target[token] ??= nextIsIndex ? [] : {};
    target = target[token] as Record<string, unknown>;
  }
  const last = tokens[tokens.length - 1]!;
  if (!(last in target)) {
    target[last] = value;
    return 'set';
  }
  return target[last] === value ? 'same' : 'different';
}

/** Reads and checks one upload against a layout. */
export function readUpload(bytes: Buffer, encoding: WelfareEncoding, layout: CsvLayout, messageId: string, eras: EraTable): UploadReading {
  const maxRecords = layout.repeat?.max ?? 1;
  const parsed = parseCsv(bytes, { encoding, maxColumns: layout.columns.length + 10, maxFieldLength: 1000, maxRows: maxRecords + 2 });
  if (!parsed.ok) {
    const code =
      parsed.error.code === 'invalid-encoding' ? WELFARE_REPLY_CODES.invalidEncoding : parsed.error.code === 'too-many-rows' ? WELFARE_REPLY_CODES.tooManyRecords : WELFARE_REPLY_CODES.csvSyntax;
    return { ok: false, errors: [{ row: parsed.error.record, code }] };
  }
  const [header, ...rows] = parsed.rows;
  const headerError = layout.columns.findIndex((column, index) => header?.[index] !== column.header);
  if (header === undefined || headerError >= 0 || header.length !== layout.columns.length) {
    const column = layout.columns[headerError >= 0 ? headerError : 0]!.header;
    return { ok: false, errors: [{ row: 1, column, code: WELFARE_REPLY_CODES.headerMismatch }] };
  }
  if (rows.length === 0) return { ok: false, errors: [{ code: WELFARE_REPLY_CODES.noRecords }] };
  if (rows.length > maxRecords) return { ok: false, errors: [{ row: maxRecords + 2, code: WELFARE_REPLY_CODES.tooManyRecords }] };

  const errors: WelfareFileError[] = [];
  const record: Record<string, unknown> = {};
  rows.forEach((cells, index) => {
    const row = index + 2;
    layout.columns.forEach((column, columnIndex) => {
      const result = checkCell(column.type, column.required, cells[columnIndex]!, eras);
      if (!result.ok) {
        errors.push({ row, column: column.header, code: result.code });
        return;
      }
      if (column.source === undefined) {
        if (result.value !== messageId) errors.push({ row, column: column.header, code: WELFARE_REPLY_CODES.messageIdMismatch });
        return;
      }
      const tokens = parsePointer(column.source).map((token) => (token === '*' ? String(index) : token));
      if (place(record, tokens, result.value) === 'different') errors.push({ row, column: column.header, code: WELFARE_REPLY_CODES.inconsistentRows });
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record, records: rows.length };
}
