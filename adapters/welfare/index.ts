/**
 * The welfare package (福祉システム: 児童手当 and other benefits) adapter: CSV
 * uploads over HTTP, a JSON acknowledgement, and a signed status callback
 * later. The wire format is documented in ./README.md; a simulator lives in
 * ./simulator/.
 */
export { createWelfareAdapter, type WelfareAdapter, type WelfareAdapterOptions, type WelfareCharsetPolicy, type WelfareUploadReceipt } from './client.js';
export { welfareAdapter, WelfareOptionsSchema, type WelfareOptions } from './definition.js';
export { WELFARE_ERROR_CODES, WELFARE_SYSTEM } from './errors.js';
export { MAX_CALLBACK_BYTES, readWelfareCallback, welfareCallbackSchema, type WelfareCallback } from './callback.js';
export type { BankAccount, ChildAllowanceClaimRecord } from './records.js';
export {
  CSV_CONTENT_TYPES,
  MESSAGE_ID_HEADER,
  WELFARE_CALLBACK_PATH,
  WELFARE_LAYOUTS,
  WELFARE_PATHS,
  WELFARE_REPLY_CODES,
  type CsvColumn,
  type CsvLayout,
  type WelfareEncoding,
  type WelfareRecordType,
} from './wire.js';
