/**
 * How the simulated package decides on an import, and what its status
 * callback then says. The default models the 児童手当 所得上限 rule of
 * 2022-10 to 2024-09 (see ../README.md): a claimant whose 所得額 exceeds the
 * 所得上限限度額 for their number of dependants is not eligible.
 */
import type { WelfareCallback } from '../callback.js';

/** One accepted import, as the decision sees it. */
export interface SimulatedImport {
  importId: string;
  recordType: string;
  messageId: string;
  /** When the package took the file in. */
  receivedAt: Date;
  /** Records (rows) in the file. */
  records: number;
  /** The rows put back together: the same shape the adapter accepts (values as the package stores them). */
  record: Record<string, unknown>;
}

/** A decision: a status, or a status with the reason given to the applicant. */
export type Decision = 'completed' | 'rejected' | { status: 'completed' | 'rejected'; reason?: string };

/** Decides on one import. */
export type DecideImport = (item: SimulatedImport) => Decision;

/** 所得上限限度額 in yen for 0 dependants; each 扶養親族等 adds {@link CEILING_PER_DEPENDANT}. */
export const CEILING_BASE = 8_580_000;
/** Added per 扶養親族等 (老人扶養親族 would add 440,000; the simulator does not tell them apart). */
export const CEILING_PER_DEPENDANT = 380_000;
/** The flat deduction (社会保険料相当額) taken off 合計所得金額 before the comparison. */
export const FLAT_DEDUCTION = 80_000;

/** The 所得上限限度額 for a number of 扶養親族等. */
export function childAllowanceIncomeCeiling(dependants: number): number {
  return CEILING_BASE + CEILING_PER_DEPENDANT * dependants;
}

/** Reason sent with a rejection for income. */
export const INCOME_OVER_CEILING_REASON = '所得が所得上限限度額を超えているため、認定できません';
/** Reason sent when a custom decision rejects without one. */
export const DEFAULT_REJECTION_REASON = '審査の結果、認定できません';

/** The default decision, with the ceiling rule or none (`null`: the rule from 2024-10, no income limit). */
export function defaultDecision(ceiling: ((dependants: number) => number) | null): DecideImport {
  return (item) => {
    if (item.recordType !== 'child-allowance-claim' || ceiling === null) return 'completed';
    const claimant = item.record.claimant as { income: number; dependants: number };
    const incomeForTest = Math.max(0, claimant.income - FLAT_DEDUCTION);
    return incomeForTest > ceiling(claimant.dependants) ? { status: 'rejected', reason: INCOME_OVER_CEILING_REASON } : 'completed';
  };
}

/** `YYYY-MM` of the month after `date`, in Japan time (支給 starts the month after the claim). */
export function monthAfter(date: Date): string {
  const japan = new Date(date.getTime() + 9 * 3600 * 1000);
  const next = new Date(Date.UTC(japan.getUTCFullYear(), japan.getUTCMonth() + 1, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The callback for a decided import. `certificationNumber` is only used when completed. */
export function callbackFor(item: SimulatedImport, decision: Decision, certificationNumber: string): WelfareCallback {
  const { status, reason } = typeof decision === 'string' ? { status: decision, reason: undefined } : decision;
  if (status === 'rejected') return { messageId: item.messageId, status, reason: reason ?? DEFAULT_REJECTION_REASON };
  const data: NonNullable<WelfareCallback['data']> = { 認定番号: certificationNumber };
  if (item.recordType === 'child-allowance-claim') data.支給開始年月 = monthAfter(item.receivedAt);
  return { messageId: item.messageId, status, data };
}
