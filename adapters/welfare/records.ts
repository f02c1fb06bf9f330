/**
 * The records the adapter accepts in `OutboundMessage.record`, one shape per
 * record type, checked with zod before anything is encoded. Values are already
 * in the package's form (half-width kana, GYYMMDD dates, codes): the mapping
 * produces them with the named transforms (`kana.toHalfWidth`,
 * `date.isoToEra` with `format: GYYMMDD`, code tables). The rules come from
 * the column types of ./wire.ts, so the record and the CSV cannot disagree.
 */
import { z } from 'zod';
import { isValidMod11Number } from '../../src/jp/check-digits.js';
import { EraTable, isCalendarDate } from '../../src/jp/era.js';
import type { ColumnType, WelfareRecordType } from './wire.js';
import { BUSINESS_SUPPORT_GRANT_LAYOUT, CHILD_ALLOWANCE_CLAIM_LAYOUT } from './wire.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const NAME_KANA = /^[\uff66-\uff9f ]*$/u;
const BANK_KANA = /^[\uff66-\uff9f 0-9A-Z().\-/]*$/u;

/** true when GYYMMDD is a day inside its era of the table. */
export function isEraDate(value: string, eras: EraTable): boolean {
  const match = /^([0-9])([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(value);
  if (!match) return false;
  try {
    eras.fromEra(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]));
    return true;
  } catch {
    return false;
  }
}

/** true when YYYYMMDD is a calendar date. */
export function isCompactDate(value: string): boolean {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Characters a text is measured in (code points, so 𠮷 counts once). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function textOf(maxLength: number, check: (value: string) => boolean, message: string): z.ZodType<string> {
  return z
    .string()
    .min(1)
    .refine((value) => characterCount(value) <= maxLength, `at most ${maxLength} characters`)
    .refine(check, message);
}

/** The zod rule of one column's value in a record. */
export function columnValueSchema(type: ColumnType, eras: EraTable): z.ZodType {
  switch (type.kind) {
    case 'message-id':
      return z.string();
    case 'digits':
      return z
        .string()
        .regex(new RegExp(`^[0-9]{${type.length}}$`), `exactly ${type.length} digits`)
        .refine((value) => type.checkDigit !== 'mod11' || isValidMod11Number(value), 'check digit does not match');
    case 'text':
      return textOf(type.maxLength, (value) => !CONTROL_CHARACTERS.test(value), 'control characters are not allowed');
    case 'kana':
      return textOf(type.maxLength, (value) => (type.repertoire === 'name' ? NAME_KANA : BANK_KANA).test(value), 'half-width katakana only');
    case 'era-date':
      return z.string().refine((value) => isEraDate(value, eras), 'a GYYMMDD date inside its era');
    case 'date':
      return z.string().refine(isCompactDate, 'a YYYYMMDD calendar date');
    case 'code':
      return z.enum(Object.keys(type.values) as [string, ...string[]]);
    case 'flag':
      return z.boolean();
    case 'amount':
      return z
        .number()
        .int()
        .min(0)
        .max(10 ** type.maxDigits - 1);
    case 'count':
      return z.number().int().min(0).max(type.max);
    case 'postal-code':
      return z.string().regex(/^[0-9]{3}-[0-9]{4}$/, 'NNN-NNNN');
    case 'phone':
      return z.string().regex(/^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}$/, 'digits with hyphens').max(13);
  }
}

/** The value rules of a layout's columns, by source pointer. */
function rulesOf(columns: readonly { source?: string; type: ColumnType; required: boolean }[], eras: EraTable): (source: string) => z.ZodType {
  return (source) => {
    const column = columns.find((candidate) => candidate.source === source);
    if (!column) throw new Error(`no column reads ${source}`);
    const rule = columnValueSchema(column.type, eras);
    return column.required ? rule : rule.nullable().optional();
  };
}

/** The record schemas of every record type, over an era table. */
export function createRecordSchemas(eras: EraTable = new EraTable()) {
  const claim = rulesOf(CHILD_ALLOWANCE_CLAIM_LAYOUT.columns, eras);
  const grant = rulesOf(BUSINESS_SUPPORT_GRANT_LAYOUT.columns, eras);
  const bankAccount = (rule: (source: string) => z.ZodType, prefix: string) =>
    z.strictObject({
      bankCode: rule(`${prefix}/bankCode`),
      branchCode: rule(`${prefix}/branchCode`),
      accountType: rule(`${prefix}/accountType`),
      accountNumber: rule(`${prefix}/accountNumber`),
      holderKana: rule(`${prefix}/holderKana`),
    });
  const childAllowanceClaim = z.strictObject({
    claimant: z.strictObject({
      atenaNumber: claim('/claimant/atenaNumber'),
      setaiNumber: claim('/claimant/setaiNumber'),
      name: claim('/claimant/name'),
      nameKana: claim('/claimant/nameKana'),
      birthDate: claim('/claimant/birthDate'),
      address: claim('/claimant/address'),
      bankAccount: bankAccount(claim, '/claimant/bankAccount'),
      income: claim('/claimant/income'),
      dependants: claim('/claimant/dependants'),
    }),
    children: z
      .array(
        z.strictObject({
          atenaNumber: claim('/children/*/atenaNumber'),
          name: claim('/children/*/name'),
          nameKana: claim('/children/*/nameKana'),
          birthDate: claim('/children/*/birthDate'),
          relationship: claim('/children/*/relationship'),
          livingTogether: claim('/children/*/livingTogether'),
        }),
      )
      .min(CHILD_ALLOWANCE_CLAIM_LAYOUT.repeat!.min)
      .max(CHILD_ALLOWANCE_CLAIM_LAYOUT.repeat!.max),
  });
  const businessSupportGrant = z.strictObject({
    business: z.strictObject({
      name: grant('/business/name'),
      nameKana: grant('/business/nameKana'),
      corporateNumber: grant('/business/corporateNumber'),
      postalCode: grant('/business/postalCode'),
      address: grant('/business/address'),
    }),
    representative: z.strictObject({
      title: grant('/representative/title'),
      name: grant('/representative/name'),
      nameKana: grant('/representative/nameKana'),
      phone: grant('/representative/phone'),
    }),
    shop: z.strictObject({
      name: grant('/shop/name'),
      postalCode: grant('/shop/postalCode'),
      address: grant('/shop/address'),
      category: grant('/shop/category'),
      permitNumber: grant('/shop/permitNumber'),
    }),
    claim: z.strictObject({
      periodStart: grant('/claim/periodStart'),
      periodEnd: grant('/claim/periodEnd'),
      cooperation: grant('/claim/cooperation'),
      amount: grant('/claim/amount'),
    }),
    bankAccount: bankAccount(grant, '/bankAccount'),
  });
  return { 'child-allowance-claim': childAllowanceClaim, 'business-support-grant': businessSupportGrant } satisfies Record<WelfareRecordType, z.ZodType>;
}

/** A bank account for payment, in the claimant's (or business's) name. */
export interface BankAccount {
  bankCode: string;
  branchCode: string;
  /** 1 普通, 2 当座. */
  accountType: string;
  accountNumber: string;
  /** Half-width katakana (全銀 repertoire). */
  holderKana: string;
}

/** 児童手当 認定請求, as `OutboundMessage.record` of operation `child-allowance-claim`. */
export interface ChildAllowanceClaimRecord {
  claimant: {
    atenaNumber: string;
    setaiNumber: string;
    name: string;
    /** Half-width katakana. */
    nameKana: string;
    /** GYYMMDD. */
    birthDate: string;
    address: string;
    bankAccount: BankAccount;
    /** 合計所得金額 in yen, from the tax step. */
    income: number;
    /** 扶養親族等の数. */
    dependants: number;
  };
  children: {
    /** When the registry knows the child; null or absent otherwise. */
    atenaNumber?: string | null;
    name: string;
    nameKana: string;
    birthDate: string;
    /** 続柄 code, see CHILD_RELATIONSHIP_CODES. */
    relationship: string;
    livingTogether: boolean;
  }[];
}
