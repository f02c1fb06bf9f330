/**
 * The tax system (税務システム) adapter: fixed-length CP932 batch files over
 * an exchange directory. The file formats are documented in ./README.md; a
 * simulator lives in ./simulator/.
 */
export { createTaxAdapter, type TaxAdapter, type TaxAdapterOptions } from './adapter.js';
export type { CutoffRules } from './cutoff-schedule.js';
export { taxAdapter, TaxOptionsSchema, type TaxOptions } from './definition.js';
export { TAX_ERROR_CODES, TAX_SYSTEM } from './errors.js';
export { taxRequestRecordSchema, type TaxCharsetPolicy, type TaxRequestRecord } from './request-record.js';
export type { ResultFileReport, ResumeReply } from './result-inbox.js';
export type { TaxReply } from './result-reply.js';
export { DETAIL_CODES, REQUEST_KINDS, RESULT_CODES, TAX_KINDS, type RequestKind, type TaxKindCode } from './wire/codes.js';
export type { DecodedPayment, TaxResultData } from './wire/result-record.js';
export type { DeductionBreakdown, IncomeBreakdown, TaxAmounts, TaxPayment, TaxYearRecord } from './wire/tax-data.js';
export { TAX_REQUEST_LAYOUT } from './wire/request-layout.js';
export { TAX_RESULT_LAYOUT } from './wire/result-layout.js';
