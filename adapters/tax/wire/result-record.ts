/**
 * Result data records both ways: the tax system's record of a person-year
 * → wire values (the simulator writes them), and wire values → the reply
 * the gateway hands to the route runner.
 */
import type { EraTable } from '../../../src/jp/era.js';
import { isTaxKindCode, requestKindOf, RESULT_CODES, TAX_KINDS } from './codes.js';
import { fiscalYearWareki, fromEraDateField, toEraDateField } from './era-fields.js';
import { INCOME_FIELDS, PAYMENT_SLOTS } from './result-layout.js';
import type { DeductionBreakdown, IncomeBreakdown, SingleParentWidowKind, SpouseKind, TaxAmounts, TaxPayment, TaxYearRecord } from './tax-data.js';

const SPOUSE_KINDS: readonly SpouseKind[] = ['none', 'spouse', 'elderly-spouse', 'special'];
const SINGLE_PARENT_WIDOW_KINDS: readonly SingleParentWidowKind[] = ['none', 'widow', 'single-parent'];

const INCOME_KEYS: Record<(typeof INCOME_FIELDS)[number], keyof IncomeBreakdown> = {
  totalIncome: 'total',
  salaryRevenue: 'salaryRevenue',
  salaryIncome: 'salaryIncome',
  pensionRevenue: 'pensionRevenue',
  miscellaneousIncome: 'miscellaneousIncome',
  businessIncome: 'businessIncome',
  realEstateIncome: 'realEstateIncome',
  separateIncome: 'separateIncome',
};

/** What identifies the request a result record answers. */
export interface ResultKey {
  messageId: string;
  requestKind: string;
  atenaNumber: string;
  fiscalYearEra: string;
  fiscalYear: string;
}

/** Wire values of a record with a result code and no data (20, 30, 90). */
export function resultValuesWithoutData(key: ResultKey, resultCode: string, detailCode = ''): Record<string, unknown> {
  return { ...key, resultCode, detailCode };
}

/** Wire values of an 課税/所得 answer (result 00 or 10). */
export function assessmentValues(key: ResultKey, record: TaxYearRecord): Record<string, unknown> {
  const income = record.income!;
  const d = record.deductions!;
  const tax = record.tax!;
  const values: Record<string, unknown> = { ...key, resultCode: record.status === 'non-taxable' ? RESULT_CODES.nonTaxable : RESULT_CODES.issued, detailCode: '' };
  for (const field of INCOME_FIELDS) values[field] = income[INCOME_KEYS[field]];
  Object.assign(values, {
    socialInsurance: d.socialInsurance,
    lifeInsurance: d.lifeInsurance,
    earthquakeInsurance: d.earthquakeInsurance,
    medical: d.medical,
    spouseKind: SPOUSE_KINDS.indexOf(d.spouseKind),
    spouseDeduction: d.spouse,
    dependantsGeneral: d.dependants.general,
    dependantsSpecific: d.dependants.specific,
    dependantsElderly: d.dependants.elderly,
    dependantsElderlyCohabiting: d.dependants.elderlyCohabiting,
    dependantsUnder16: d.dependants.under16,
    dependantDeduction: d.dependant,
    disabledSpecial: d.disabled.special,
    disabledOrdinary: d.disabled.ordinary,
    disabledCohabitingSpecial: d.disabled.cohabitingSpecial,
    disabilityDeduction: d.disability,
    singleParentWidowKind: SINGLE_PARENT_WIDOW_KINDS.indexOf(d.singleParentWidowKind),
    singleParentWidowDeduction: d.singleParentWidow,
    workingStudentDeduction: d.workingStudent,
    basicDeduction: d.basic,
    totalDeductions: d.total,
    ...tax,
  });
  return values;
}

/** Wire values of a 納税 answer: up to four payments, one per tax kind. */
export function paymentValues(key: ResultKey, payments: readonly TaxPayment[], eras: EraTable): Record<string, unknown> {
  const values: Record<string, unknown> = { ...key, resultCode: RESULT_CODES.issued, detailCode: '' };
  payments.slice(0, PAYMENT_SLOTS).forEach((payment, i) => {
    const slot = `payment${i + 1}`;
    values[`${slot}TaxKind`] = payment.taxKind;
    values[`${slot}Assessed`] = payment.assessed;
    values[`${slot}Paid`] = payment.paid;
    values[`${slot}Unpaid`] = payment.unpaid;
    values[`${slot}DueDate`] = toEraDateField(payment.dueDate, eras);
  });
  return values;
}

/** A decoded payment, with the tax kind's name for people. */
export interface DecodedPayment extends TaxPayment {
  taxKindName: string;
}

/** The `data` of a reply: what the result record says, in the gateway's terms. */
export interface TaxResultData {
  resultCode: string;
  detailCode?: string;
  requestKind: string;
  atenaNumber: string;
  fiscalYear: number;
  /** 令和6年度 */
  fiscalYearWareki: string;
  nonTaxable?: boolean;
  income?: IncomeBreakdown;
  deductions?: DeductionBreakdown;
  tax?: TaxAmounts;
  payments?: DecodedPayment[];
  /** true when any payment has an unpaid amount (未納). */
  arrears?: boolean;
}

/** Thrown for a data record whose values the layout accepts but the interface does not (unknown codes, impossible dates). */
export class ResultRecordError extends Error {}

/** Decodes one result data record (values as the codec returns them: strings). */
export function decodeResultRecord(values: Readonly<Record<string, string>>, eras: EraTable): TaxResultData {
  const number = (name: string): number => Number(values[name] ?? '0');
  const requestKind = requestKindOf(values.requestKind ?? '');
  if (!requestKind) throw new ResultRecordError('unknown request kind');
  const fiscalYear = number('fiscalYear');
  const data: TaxResultData = {
    resultCode: values.resultCode ?? '',
    requestKind,
    atenaNumber: values.atenaNumber ?? '',
    fiscalYear,
    fiscalYearWareki: fiscalYearWareki(fiscalYear, eras),
  };
  if (values.detailCode) data.detailCode = values.detailCode;
  if (data.resultCode !== RESULT_CODES.issued && data.resultCode !== RESULT_CODES.nonTaxable) return data;

  if (requestKind === 'payment-certificate') {
    const payments: DecodedPayment[] = [];
    for (let slot = 1; slot <= PAYMENT_SLOTS; slot++) {
      const taxKind = values[`payment${slot}TaxKind`] ?? '00';
      if (taxKind === '00') continue;
      if (!isTaxKindCode(taxKind)) throw new ResultRecordError(`unknown tax kind in payment slot ${slot}`);
      const dueDate = fromEraDateField(values[`payment${slot}DueDate`] ?? '', eras);
      if (dueDate === null) throw new ResultRecordError(`payment slot ${slot} has no due date`);
      payments.push({
        taxKind,
        taxKindName: TAX_KINDS[taxKind].name,
        assessed: number(`payment${slot}Assessed`),
        paid: number(`payment${slot}Paid`),
        unpaid: number(`payment${slot}Unpaid`),
        dueDate,
      });
    }
    return { ...data, payments, arrears: payments.some((payment) => payment.unpaid > 0) };
  }

  const spouseKind = SPOUSE_KINDS[number('spouseKind')];
  const singleParentWidowKind = SINGLE_PARENT_WIDOW_KINDS[number('singleParentWidowKind')];
  if (!spouseKind || !singleParentWidowKind) throw new ResultRecordError('unknown deduction kind');
  const income = Object.fromEntries(INCOME_FIELDS.map((field) => [INCOME_KEYS[field], number(field)])) as unknown as IncomeBreakdown;
  return {
    ...data,
    nonTaxable: data.resultCode === RESULT_CODES.nonTaxable,
    income,
    deductions: {
      socialInsurance: number('socialInsurance'),
      lifeInsurance: number('lifeInsurance'),
      earthquakeInsurance: number('earthquakeInsurance'),
      medical: number('medical'),
      spouseKind,
      spouse: number('spouseDeduction'),
      dependants: {
        general: number('dependantsGeneral'),
        specific: number('dependantsSpecific'),
        elderly: number('dependantsElderly'),
        elderlyCohabiting: number('dependantsElderlyCohabiting'),
        under16: number('dependantsUnder16'),
      },
      dependant: number('dependantDeduction'),
      disabled: { special: number('disabledSpecial'), ordinary: number('disabledOrdinary'), cohabitingSpecial: number('disabledCohabitingSpecial') },
      disability: number('disabilityDeduction'),
      singleParentWidowKind,
      singleParentWidow: number('singleParentWidowDeduction'),
      workingStudent: number('workingStudentDeduction'),
      basic: number('basicDeduction'),
      total: number('totalDeductions'),
    },
    tax: {
      taxableGeneral: number('taxableGeneral'),
      taxableSeparate: number('taxableSeparate'),
      cityIncomeLevy: number('cityIncomeLevy'),
      cityPerCapita: number('cityPerCapita'),
      prefecturalIncomeLevy: number('prefecturalIncomeLevy'),
      prefecturalPerCapita: number('prefecturalPerCapita'),
      annualTax: number('annualTax'),
    },
  };
}
