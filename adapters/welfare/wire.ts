/**
 * The welfare package's import interface as data: endpoints, headers, the CSV
 * column layout of each record type, and the JSON replies and callbacks the
 * gateway accepts, checked with zod. Everything here is documented in
 * ./README.md; the simulator reads uploads against the same layouts.
 */
import { z } from 'zod';

/** Endpoint paths, relative to the configured base URL. */
export const WELFARE_PATHS = {
  import: (recordType: string) => `/api/v1/imports/${encodeURIComponent(recordType)}`,
  health: '/api/v1/health',
} as const;

/** Path on the gateway that the package posts status callbacks to, relative to its callback URL. */
export const WELFARE_CALLBACK_PATH = '/v1/callbacks/welfare';

/** Header carrying the message id the package deduplicates uploads by. */
export const MESSAGE_ID_HEADER = 'X-Message-Id';

/** What a message id may be: 1–128 visible ASCII characters. */
export const MESSAGE_ID_PATTERN = /^[\x21-\x7E]{1,128}$/;

/** Encodings the package imports; `cp932` is sent as `charset=Shift_JIS`. */
export type WelfareEncoding = 'cp932' | 'utf-8';

/** The `Content-Type` of an upload in each encoding. */
export const CSV_CONTENT_TYPES: Readonly<Record<WelfareEncoding, string>> = {
  cp932: 'text/csv; charset=Shift_JIS',
  'utf-8': 'text/csv; charset=utf-8',
};

/** 預金種別 codes of the bank account columns. */
export const ACCOUNT_TYPE_CODES = { '1': '普通', '2': '当座' } as const;

/** 続柄 codes the 児童 rows accept (the 住基 vendor codes of src/mapping/transforms/code.ts). */
export const CHILD_RELATIONSHIP_CODES = { '11': '子', '14': '子の子', '90': 'その他の親族', '92': '同居人' } as const;

/** 業態 codes of a 協力金 application. */
export const BUSINESS_CATEGORY_CODES = {
  '01': '飲食店(食堂・レストラン)',
  '02': '居酒屋',
  '03': '喫茶店',
  '04': 'バー・スナック',
  '05': 'カラオケ店',
  '99': 'その他',
} as const;

/** 協力内容 codes of a 協力金 application. */
export const COOPERATION_CODES = { '1': '営業時間短縮', '2': '休業' } as const;

/** The value rule of one CSV column. Text widths count characters (code points), not bytes. */
export type ColumnType =
  /** The message id of the upload, repeated on every row. */
  | { kind: 'message-id' }
  /** Exactly `length` ASCII digits; `mod11` adds the 宛名番号/世帯番号 check digit rule. */
  | { kind: 'digits'; length: number; checkDigit?: 'mod11' }
  /** Free text without control characters. */
  | { kind: 'text'; maxLength: number }
  /**
   * Half-width katakana. `name`: ｦ–ﾟ and space. `bank`: also 0–9, A–Z and
   * `( ) . - /`, the 全銀 repertoire of account holder names.
   */
  | { kind: 'kana'; maxLength: number; repertoire: 'name' | 'bank' }
  /** 和暦 date GYYMMDD: era code (1 明治 … 5 令和), era year (01 = 元年), month, day. */
  | { kind: 'era-date' }
  /** Gregorian date YYYYMMDD. */
  | { kind: 'date' }
  /** One of the listed codes. */
  | { kind: 'code'; values: Readonly<Record<string, string>> }
  /** A yes/no value written as one of two codes. */
  | { kind: 'flag'; yes: string; no: string; meaning: string }
  /** Whole yen, no sign, no separators, at most `maxDigits` digits. */
  | { kind: 'amount'; maxDigits: number }
  /** A whole number from 0 to `max`. */
  | { kind: 'count'; max: number }
  /** 郵便番号 `NNN-NNNN`. */
  | { kind: 'postal-code' }
  /** Telephone number with hyphens, e.g. `06-6208-8181`. */
  | { kind: 'phone' };

/** One column: its header text, where its value comes from in the record, its rule. */
export interface CsvColumn {
  /** The header row's text for this column (the package matches headers exactly, in order). */
  header: string;
  /** JSON Pointer into the record; `*` stands for the index of the repeated item of this row. Absent for the message id. */
  source?: string;
  type: ColumnType;
  required: boolean;
}

/** The CSV layout of one record type. */
export interface CsvLayout {
  recordType: string;
  columns: readonly CsvColumn[];
  /** One row per item of this array (pointer into the record), or one row for the whole record when absent. */
  repeat?: { source: string; min: number; max: number };
}

const MESSAGE_ID: ColumnType = { kind: 'message-id' };
const MOD11_NUMBER: ColumnType = { kind: 'digits', length: 10, checkDigit: 'mod11' };
const PERSON_NAME: ColumnType = { kind: 'text', maxLength: 30 };
const PERSON_KANA: ColumnType = { kind: 'kana', maxLength: 60, repertoire: 'name' };
const ADDRESS: ColumnType = { kind: 'text', maxLength: 100 };
const ERA_DATE: ColumnType = { kind: 'era-date' };
const HOLDER_KANA: ColumnType = { kind: 'kana', maxLength: 30, repertoire: 'bank' };

function bankColumns(prefix: string): CsvColumn[] {
  return [
    { header: '金融機関コード', source: `${prefix}/bankCode`, type: { kind: 'digits', length: 4 }, required: true },
    { header: '支店コード', source: `${prefix}/branchCode`, type: { kind: 'digits', length: 3 }, required: true },
    { header: '預金種別', source: `${prefix}/accountType`, type: { kind: 'code', values: ACCOUNT_TYPE_CODES }, required: true },
    { header: '口座番号', source: `${prefix}/accountNumber`, type: { kind: 'digits', length: 7 }, required: true },
    { header: '口座名義カナ', source: `${prefix}/holderKana`, type: HOLDER_KANA, required: true },
  ];
}

/** 児童手当 認定請求: one row per 児童, the 受給者 (claimant) columns repeated on each. */
export const CHILD_ALLOWANCE_CLAIM_LAYOUT: CsvLayout = {
  recordType: 'child-allowance-claim',
  repeat: { source: '/children', min: 1, max: 20 },
  columns: [
    { header: 'メッセージID', type: MESSAGE_ID, required: true },
    { header: '受給者宛名番号', source: '/claimant/atenaNumber', type: MOD11_NUMBER, required: true },
    { header: '世帯番号', source: '/claimant/setaiNumber', type: MOD11_NUMBER, required: true },
    { header: '受給者氏名', source: '/claimant/name', type: PERSON_NAME, required: true },
    { header: '受給者氏名カナ', source: '/claimant/nameKana', type: PERSON_KANA, required: true },
    { header: '受給者生年月日', source: '/claimant/birthDate', type: ERA_DATE, required: true },
    { header: '受給者住所', source: '/claimant/address', type: ADDRESS, required: true },
    ...bankColumns('/claimant/bankAccount'),
    { header: '合計所得金額', source: '/claimant/income', type: { kind: 'amount', maxDigits: 12 }, required: true },
    { header: '扶養親族数', source: '/claimant/dependants', type: { kind: 'count', max: 99 }, required: true },
    { header: '児童宛名番号', source: '/children/*/atenaNumber', type: MOD11_NUMBER, required: false },
    { header: '児童氏名', source: '/children/*/name', type: PERSON_NAME, required: true },
    { header: '児童氏名カナ', source: '/children/*/nameKana', type: PERSON_KANA, required: true },
    { header: '児童生年月日', source: '/children/*/birthDate', type: ERA_DATE, required: true },
    { header: '続柄', source: '/children/*/relationship', type: { kind: 'code', values: CHILD_RELATIONSHIP_CODES }, required: true },
    { header: '同居別居区分', source: '/children/*/livingTogether', type: { kind: 'flag', yes: '1', no: '2', meaning: '1 同居, 2 別居' }, required: true },
  ],
};

/** 営業時間短縮協力金の申請: one row per application (one shop). */
export const BUSINESS_SUPPORT_GRANT_LAYOUT: CsvLayout = {
  recordType: 'business-support-grant',
  columns: [
    { header: 'メッセージID', type: MESSAGE_ID, required: true },
    { header: '事業者名', source: '/business/name', type: { kind: 'text', maxLength: 100 }, required: true },
    { header: '事業者名カナ', source: '/business/nameKana', type: { kind: 'kana', maxLength: 120, repertoire: 'bank' }, required: true },
    { header: '法人番号', source: '/business/corporateNumber', type: { kind: 'digits', length: 13 }, required: false },
    { header: '事業者郵便番号', source: '/business/postalCode', type: { kind: 'postal-code' }, required: true },
    { header: '事業者所在地', source: '/business/address', type: ADDRESS, required: true },
    { header: '代表者役職', source: '/representative/title', type: { kind: 'text', maxLength: 30 }, required: true },
    { header: '代表者氏名', source: '/representative/name', type: PERSON_NAME, required: true },
    { header: '代表者氏名カナ', source: '/representative/nameKana', type: PERSON_KANA, required: true },
    { header: '代表者電話番号', source: '/representative/phone', type: { kind: 'phone' }, required: true },
    { header: '店舗名', source: '/shop/name', type: { kind: 'text', maxLength: 100 }, required: true },
    { header: '店舗郵便番号', source: '/shop/postalCode', type: { kind: 'postal-code' }, required: true },
    { header: '店舗所在地', source: '/shop/address', type: ADDRESS, required: true },
    { header: '業態', source: '/shop/category', type: { kind: 'code', values: BUSINESS_CATEGORY_CODES }, required: true },
    { header: '営業許可番号', source: '/shop/permitNumber', type: { kind: 'text', maxLength: 30 }, required: true },
    { header: '協力期間開始日', source: '/claim/periodStart', type: { kind: 'date' }, required: true },
    { header: '協力期間終了日', source: '/claim/periodEnd', type: { kind: 'date' }, required: true },
    { header: '協力内容', source: '/claim/cooperation', type: { kind: 'code', values: COOPERATION_CODES }, required: true },
    { header: '申請額', source: '/claim/amount', type: { kind: 'amount', maxDigits: 8 }, required: true },
    ...bankColumns('/bankAccount'),
  ],
};

/** Every layout by record type. */
export const WELFARE_LAYOUTS = {
  'child-allowance-claim': CHILD_ALLOWANCE_CLAIM_LAYOUT,
  'business-support-grant': BUSINESS_SUPPORT_GRANT_LAYOUT,
} as const satisfies Record<string, CsvLayout>;

/** The record types (the `operation` of an outbound message). */
export type WelfareRecordType = keyof typeof WELFARE_LAYOUTS;

/** true when `value` names a record type the package imports. */
export function isWelfareRecordType(value: string): value is WelfareRecordType {
  return Object.prototype.hasOwnProperty.call(WELFARE_LAYOUTS, value);
}

const importId = z.string().regex(/^[\x21-\x7E]{1,64}$/);

/** 202: the file was taken in; the decision follows by callback. */
export const acknowledgementSchema = z.object({
  importId,
  status: z.literal('accepted'),
  records: z.number().int().min(0),
});

/** 409: the message id was imported before; `importId` is the first import's. */
export const duplicateReplySchema = z.object({
  error: z.literal('DUPLICATE_MESSAGE_ID'),
  importId,
  records: z.number().int().min(0),
});

/** One problem of a rejected file: data row 1 is `row: 2` (the header is row 1); file-level problems have no row or column. */
export const fileErrorSchema = z.object({
  row: z.number().int().min(0).optional(),
  column: z.string().max(64).optional(),
  code: z.string().max(64),
});

/** 400: the file was rejected as a whole; nothing was imported. */
export const rejectionReplySchema = z.object({ errors: z.array(fileErrorSchema).min(1).max(10_000) });

/** The error body of other statuses (404, 413, 415, 500, 503). */
export const errorReplySchema = z.object({ error: z.string().max(64), message: z.string().max(500).optional() });

export type WelfareFileError = z.infer<typeof fileErrorSchema>;

/** Error codes of the package, as they appear in `error` and `errors[].code`. */
export const WELFARE_REPLY_CODES = {
  required: 'REQUIRED',
  invalidFormat: 'INVALID_FORMAT',
  invalidCheckDigit: 'INVALID_CHECK_DIGIT',
  invalidDate: 'INVALID_DATE',
  invalidCode: 'INVALID_CODE',
  invalidCharacter: 'INVALID_CHARACTER',
  tooLong: 'TOO_LONG',
  inconsistentRows: 'INCONSISTENT_ROWS',
  messageIdMismatch: 'MESSAGE_ID_MISMATCH',
  csvSyntax: 'CSV_SYNTAX',
  invalidEncoding: 'INVALID_ENCODING',
  headerMismatch: 'HEADER_MISMATCH',
  noRecords: 'NO_RECORDS',
  tooManyRecords: 'TOO_MANY_RECORDS',
  missingMessageId: 'MISSING_MESSAGE_ID',
  duplicateMessageId: 'DUPLICATE_MESSAGE_ID',
  unknownRecordType: 'UNKNOWN_RECORD_TYPE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  tooLarge: 'REQUEST_TOO_LARGE',
  maintenance: 'MAINTENANCE',
  internal: 'INTERNAL_ERROR',
  notFound: 'NO_SUCH_ENDPOINT',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
} as const;
