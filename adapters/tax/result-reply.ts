/**
 * What the route runner is told for one result record: `completed` with the
 * decoded data (課税, 所得, 納税, and 非課税, which is certifiable), or
 * `rejected` with a reason a resident can read (未申告, not a taxpayer, error).
 */
import type { EraTable } from '../../src/jp/era.js';
import { RESULT_CODES } from './wire/codes.js';
import { decodeResultRecord, type TaxResultData } from './wire/result-record.js';

/** The reply handed to `onResult`. */
export interface TaxReply extends Record<string, unknown> {
  outcome: 'completed' | 'rejected';
  reason?: string;
  data: TaxResultData;
}

/** A reply from a decoded data record. Throws ResultRecordError for values the interface does not define. */
export function replyOf(values: Readonly<Record<string, string>>, eras: EraTable): TaxReply {
  const data = decodeResultRecord(values, eras);
  switch (data.resultCode) {
    case RESULT_CODES.issued:
    case RESULT_CODES.nonTaxable:
      return { outcome: 'completed', data };
    case RESULT_CODES.undeclared:
      return { outcome: 'rejected', reason: `${data.fiscalYearWareki}の住民税の申告がないため（未申告）、証明書を発行できません`, data };
    case RESULT_CODES.notTaxpayer:
      return { outcome: 'rejected', reason: `${data.fiscalYearWareki}に本市で課税されていない（納税義務者ではない）ため、証明書を発行できません`, data };
    default:
      return { outcome: 'rejected', reason: `税務システムで処理できませんでした（結果コード ${data.resultCode}${data.detailCode ? `、詳細コード ${data.detailCode}` : ''}）`, data };
  }
}

/** The reply for every message of a request file the tax system refused as a whole. */
export function fileRefusedReply(detailCode: string, requestFileName: string): Record<string, unknown> {
  return {
    outcome: 'rejected',
    reason: `税務システムが依頼ファイルを受け付けませんでした（詳細コード ${detailCode || '----'}）`,
    data: { resultCode: RESULT_CODES.error, detailCode, requestFileName },
  };
}
