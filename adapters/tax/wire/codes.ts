/**
 * Code tables of the tax system's batch interface (see ../README.md). The
 * values are the bytes on the wire; the names are what the gateway uses.
 */

/** 証明書の種類: which certificate a request asks for. */
export const REQUEST_KINDS = {
  /** 課税証明書 */
  'taxation-certificate': '01',
  /** 所得証明書 */
  'income-certificate': '02',
  /** 納税証明書 */
  'payment-certificate': '03',
} as const;

/** A request kind by its gateway name. */
export type RequestKind = keyof typeof REQUEST_KINDS;

/** The request kind of a wire code, or undefined. */
export function requestKindOf(code: string): RequestKind | undefined {
  return (Object.keys(REQUEST_KINDS) as RequestKind[]).find((kind) => REQUEST_KINDS[kind] === code);
}

/**
 * 税目. The codes match the mapping engine's `TAX_KIND_CODES` table
 * (src/mapping/transforms/code.ts), so a mapping's output goes on the wire
 * unchanged. `00` in a request means every tax kind the person has.
 */
export const TAX_KINDS = {
  '01': { id: 'inhabitant', name: '市民税・府民税（普通徴収）' },
  '02': { id: 'corporate-inhabitant', name: '法人市民税' },
  '03': { id: 'fixed-asset', name: '固定資産税・都市計画税' },
  '04': { id: 'light-vehicle', name: '軽自動車税（種別割）' },
} as const;

/** A tax kind code other than `00`. */
export type TaxKindCode = keyof typeof TAX_KINDS;

/** Request code for every tax kind. */
export const ALL_TAX_KINDS = '00';

/** true for a tax kind code other than `00`. */
export function isTaxKindCode(code: string): code is TaxKindCode {
  return Object.prototype.hasOwnProperty.call(TAX_KINDS, code);
}

/** 処理結果コード of a result record. */
export const RESULT_CODES = {
  /** Certified: the tax data follows. */
  issued: '00',
  /** 非課税: certifiable, the data shows no tax. */
  nonTaxable: '10',
  /** 未申告: no declaration, the year cannot be certified. */
  undeclared: '20',
  /** Not a taxpayer of the city for that year (or no tax of the requested kind). */
  notTaxpayer: '30',
  /** The record could not be processed; `detailCode` says why. */
  error: '90',
} as const;

/** 詳細コード of result code 90, and of a rejected file (header `fileStatus` 90). */
export const DETAIL_CODES = {
  /** The 宛名番号 fails its check digit. */
  atenaNumberInvalid: 'E101',
  /** The fiscal year's era code and year do not match the western year. */
  fiscalYearMismatch: 'E102',
  /** The fiscal year is outside the years the system holds. */
  fiscalYearOutOfRange: 'E103',
  /** Unknown request kind or tax kind. */
  kindUnknown: 'E104',
  /** The same message id twice in one file: only the first is answered. */
  duplicateMessage: 'E105',
  /** The whole request file: wrong record length, count, checksum or header. */
  fileInvalid: 'E901',
} as const;

/** Header `fileStatus` of a result file. */
export const FILE_STATUS = {
  /** The request file was read; one data record answers each request. */
  accepted: '00',
  /** The request file was refused as a whole; the file has no data records. */
  rejected: '90',
} as const;

/** Header `fileKind` values. */
export const FILE_KINDS = { request: 'REQ', result: 'RES' } as const;

/** Layout version both sides write in the header. */
export const LAYOUT_VERSION = '01';
