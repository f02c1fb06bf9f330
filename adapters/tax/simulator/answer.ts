/**
 * How the simulated tax system answers one request record: the checks a
 * real system makes on the record, then the fixtures.
 */
import { isValidMod11Number } from '../../../src/jp/check-digits.js';
import type { EraTable } from '../../../src/jp/era.js';
import { ALL_TAX_KINDS, DETAIL_CODES, isTaxKindCode, requestKindOf, RESULT_CODES } from '../wire/codes.js';
import { fiscalYearEraCode } from '../wire/era-fields.js';
import { assessmentValues, paymentValues, resultValuesWithoutData, type ResultKey } from '../wire/result-record.js';
import type { TaxRecords } from './tax-records-file.js';

/** The result record values answering one request record. `seen` holds the message ids answered earlier in the same file. */
export function answerRequest(request: Readonly<Record<string, string>>, records: TaxRecords, eras: EraTable, seen: Set<string>): Record<string, unknown> {
  const key: ResultKey = {
    messageId: request.messageId ?? '',
    requestKind: request.requestKind ?? '',
    atenaNumber: request.atenaNumber ?? '',
    fiscalYearEra: request.fiscalYearEra ?? '',
    fiscalYear: request.fiscalYear ?? '',
  };
  const error = (detail: string): Record<string, unknown> => resultValuesWithoutData(key, RESULT_CODES.error, detail);
  if (seen.has(key.messageId)) return error(DETAIL_CODES.duplicateMessage);
  seen.add(key.messageId);
  const kind = requestKindOf(key.requestKind);
  const taxKind = request.taxKind ?? ALL_TAX_KINDS;
  if (!kind || (taxKind !== ALL_TAX_KINDS && !isTaxKindCode(taxKind))) return error(DETAIL_CODES.kindUnknown);
  if (!isValidMod11Number(key.atenaNumber)) return error(DETAIL_CODES.atenaNumberInvalid);
  const fiscalYear = Number(key.fiscalYear);
  let eraCode: string | undefined;
  try {
    eraCode = fiscalYearEraCode(fiscalYear, eras);
  } catch {
    eraCode = undefined;
  }
  if (eraCode !== key.fiscalYearEra) return error(DETAIL_CODES.fiscalYearMismatch);
  if (!records.fiscalYears.has(fiscalYear)) return error(DETAIL_CODES.fiscalYearOutOfRange);

  const record = records.find(key.atenaNumber, fiscalYear);
  if (!record) return resultValuesWithoutData(key, RESULT_CODES.notTaxpayer);
  if (record.status === 'undeclared') return resultValuesWithoutData(key, RESULT_CODES.undeclared);
  if (kind === 'payment-certificate') {
    const payments = record.payments.filter((payment) => taxKind === ALL_TAX_KINDS || payment.taxKind === taxKind);
    return payments.length === 0 ? resultValuesWithoutData(key, RESULT_CODES.notTaxpayer) : paymentValues(key, payments, eras);
  }
  return assessmentValues(key, record);
}
