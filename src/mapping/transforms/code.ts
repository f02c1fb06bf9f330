/**
 * Code tables: values as the frontend and the registry write them (男, 妻,
 * 転居 …) → the codes the city's core systems use. The defaults are this
 * project's vendor codes (the simulators use them); a mapping entry can give
 * its own table in `args.table`, which replaces the default for that entry.
 * An unknown value is an error, never a silent default.
 */
import { TransformValueError, onlyArgs } from './transform.js';
import type { Transform, TransformArgs } from './transform.js';

/** 性別: 住基 codes. */
export const GENDER_CODES: Readonly<Record<string, string>> = {
  男: '1', 女: '2', male: '1', female: '2', '1': '1', '2': '2',
};

/** 続柄 (single terms and the chains the table names explicitly) → vendor code. */
export const RELATIONSHIP_CODES: Readonly<Record<string, string>> = {
  世帯主: '01', 妻: '02', 夫: '03', '妻(未届)': '04', '夫(未届)': '05',
  子: '11', 子の妻: '12', 子の夫: '13', 子の子: '14', 子の子の子: '15', 子の子の子の子: '16', '子(子の妻)': '17', '子(子の夫)': '18',
  父: '21', 母: '22', 妻の父: '23', 妻の母: '24', 夫の父: '25', 夫の母: '26',
  兄: '31', 姉: '32', 弟: '33', 妹: '34',
  縁故者: '91', 同居人: '92',
};

/** Code for a chain of relatives that the table does not list (その他の親族). */
export const OTHER_RELATIVE_CODE = '90';

/** 異動事由 by the standard's groups (記載 1x, 消除 2x, 修正 3x/4x) → vendor code. */
export const MOVEMENT_REASON_CODES: Readonly<Record<string, string>> = {
  国内転入: '11', 国外転入: '12', 出生: '13', 職権記載: '14', 改製: '15', 再製: '16', '取消(増)': '17',
  国内転出: '21', 国外転出: '22', 死亡: '23', 職権消除: '24',
  転居: '31', 軽微な修正: '32', 職権修正: '33', 誤記修正: '34', 個人番号変更請求: '35', 住民票コード変更請求: '36',
  世帯分離: '37', 世帯合併: '38', 世帯変更: '39', 世帯主変更: '40', 旧氏変更: '41', 通称変更: '42', '取消(修正)': '43',
};

/**
 * 税目 → the tax system's code: the form's values (inhabitant, corporate,
 * property, light-vehicle), the tax adapter's ids, and the Japanese names.
 */
export const TAX_KIND_CODES: Readonly<Record<string, string>> = {
  inhabitant: '01', 個人住民税: '01', '市民税・府民税': '01', '市民税・県民税': '01',
  corporate: '02', 'corporate-inhabitant': '02', 法人市民税: '02',
  property: '03', 'fixed-asset': '03', 固定資産税: '03', '固定資産税・都市計画税': '03',
  'light-vehicle': '04', 軽自動車税: '04',
};

const RELATIONSHIP_TERM = '(?:夫\\(未届\\)|妻\\(未届\\)|子\\(子の夫\\)|子\\(子の妻\\)|夫|妻|子|父|母|兄|姉|弟|妹)';
const RELATIONSHIP_CHAIN = new RegExp(`^${RELATIONSHIP_TERM}(?:の${RELATIONSHIP_TERM})*$`);
const TERM = new RegExp(RELATIONSHIP_TERM, 'g');

function checkTable(args: TransformArgs, extra: readonly string[] = []): string | undefined {
  const unknown = onlyArgs(args, ['table', ...extra]);
  if (unknown) return unknown;
  if (args.table === undefined) return undefined;
  if (args.table === null || typeof args.table !== 'object' || Array.isArray(args.table)) return 'table must map values to codes';
  for (const [key, code] of Object.entries(args.table)) {
    if (typeof code !== 'string' || code === '') return `table entry ${key} must be a non-empty string code`;
  }
  return undefined;
}

function lookup(table: Readonly<Record<string, string>>, value: unknown): string | undefined {
  const key = typeof value === 'number' ? String(value) : value;
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(table, key)) return undefined;
  return table[key];
}

function codeTable(defaults: Readonly<Record<string, string>>, what: string): Transform {
  return {
    checkArgs: (args) => checkTable(args),
    apply: (value, args) => {
      const code = lookup((args.table as Record<string, string> | undefined) ?? defaults, value);
      if (code === undefined) throw new TransformValueError('unknown-code', `not a known ${what}`);
      return code;
    },
  };
}

/**
 * 続柄 → code. Values follow the registry standard: 世帯主, 縁故者, 同居人, or
 * a chain of terms joined with の up to four levels (子の子の子の子); a chain
 * of five or more levels is 縁故者, as the standard records it. Chains the
 * table does not list get `otherRelative` (default `90`).
 */
const relationship: Transform = {
  checkArgs: (args) => checkTable(args, ['otherRelative']) ?? (args.otherRelative === undefined || typeof args.otherRelative === 'string' ? undefined : 'otherRelative must be a string code'),
  apply: (value, args) => {
    const table = (args.table as Record<string, string> | undefined) ?? RELATIONSHIP_CODES;
    const direct = lookup(table, value);
    if (direct !== undefined) return direct;
    if (typeof value !== 'string' || !RELATIONSHIP_CHAIN.test(value)) throw new TransformValueError('unknown-code', 'not a 続柄 of the registry standard');
    const levels = value.match(TERM)!.length;
    if (levels >= 5) {
      const distant = lookup(table, '縁故者');
      if (distant === undefined) throw new TransformValueError('unknown-code', 'the table has no code for 縁故者');
      return distant;
    }
    return (args.otherRelative as string | undefined) ?? OTHER_RELATIVE_CODE;
  },
};

/**
 * A code table that belongs to one mapping (業態, 協力内容 …): `args.table`
 * is required, since there is no default to fall back on.
 */
const lookupInTable: Transform = {
  checkArgs: (args) => (args.table === undefined ? 'table is required' : checkTable(args)),
  apply: (value, args) => {
    const code = lookup(args.table as Record<string, string>, value);
    if (code === undefined) throw new TransformValueError('unknown-code', 'not a value of the table');
    return code;
  },
};

export const codeTransforms: Record<string, Transform> = {
  'code.lookup': lookupInTable,
  'code.gender': codeTable(GENDER_CODES, 'gender'),
  'code.relationship': relationship,
  'code.movementReason': codeTable(MOVEMENT_REASON_CODES, '異動事由'),
  'code.taxKind': codeTable(TAX_KIND_CODES, 'tax kind'),
};
