/**
 * The tax data a result record carries, in the gateway's terms. The simulator
 * reads it from fixtures/tax/tax-records.json; the adapter hands it to the
 * route runner as the reply's `data`. Amounts are whole yen.
 */
import type { TaxKindCode } from './codes.js';

/** 所得内訳. `total` is 合計所得金額 (総合 and 分離). */
export interface IncomeBreakdown {
  total: number;
  salaryRevenue: number;
  salaryIncome: number;
  pensionRevenue: number;
  /** 雑所得 (公的年金等 and other). */
  miscellaneousIncome: number;
  businessIncome: number;
  realEstateIncome: number;
  /** 分離課税の所得 (上場株式等の譲渡所得 etc.). */
  separateIncome: number;
}

/** 配偶者控除の区分: none, 配偶者控除, 老人配偶者控除, 配偶者特別控除. */
export type SpouseKind = 'none' | 'spouse' | 'elderly-spouse' | 'special';

/** 寡婦・ひとり親の区分. */
export type SingleParentWidowKind = 'none' | 'widow' | 'single-parent';

/** 所得控除内訳 with dependant counts. */
export interface DeductionBreakdown {
  socialInsurance: number;
  lifeInsurance: number;
  earthquakeInsurance: number;
  medical: number;
  spouseKind: SpouseKind;
  spouse: number;
  dependants: { general: number; specific: number; elderly: number; elderlyCohabiting: number; under16: number };
  dependant: number;
  disabled: { special: number; ordinary: number; cohabitingSpecial: number };
  disability: number;
  singleParentWidowKind: SingleParentWidowKind;
  singleParentWidow: number;
  workingStudent: number;
  basic: number;
  total: number;
}

/** 課税標準額 and the tax. */
export interface TaxAmounts {
  taxableGeneral: number;
  taxableSeparate: number;
  cityIncomeLevy: number;
  cityPerCapita: number;
  prefecturalIncomeLevy: number;
  prefecturalPerCapita: number;
  annualTax: number;
}

/** One tax kind on a 納税証明書. */
export interface TaxPayment {
  taxKind: TaxKindCode;
  assessed: number;
  paid: number;
  unpaid: number;
  /** ISO date: the earliest unpaid instalment's 納期限, or the last one when all is paid. */
  dueDate: string;
}

/** The tax system's record of one person for one fiscal year. */
export interface TaxYearRecord {
  atenaNumber: string;
  /** Western year the fiscal year (年度) starts in: 2024 = 令和6年度. */
  fiscalYear: number;
  /** `assessed` 課税, `non-taxable` 非課税, `undeclared` 未申告. */
  status: 'assessed' | 'non-taxable' | 'undeclared';
  /** Absent for `undeclared`. */
  income?: IncomeBreakdown;
  deductions?: DeductionBreakdown;
  tax?: TaxAmounts;
  payments: TaxPayment[];
}
