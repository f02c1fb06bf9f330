/**
 * Turns an outbound message into the values of one request data record:
 * checks the mapped record, applies the charset policy to the name fields,
 * and encodes the record once so that anything the layout refuses fails at
 * `deliver`, before the message is accepted.
 */
import { z } from 'zod';
import { enforceCharsetPolicy, type FieldChange } from '../../src/codecs/charset-policy.js';
import type { CharsetPolicyOptions } from '../../src/codecs/charset-policy.js';
import { FixedWidthRecordEncoder } from '../../src/codecs/fixed-width-record.js';
import { InputError } from '../../src/errors.js';
import type { InputIssue } from '../../src/errors.js';
import { isValidMod11Number } from '../../src/jp/check-digits.js';
import type { EraTable } from '../../src/jp/era.js';
import type { OutboundMessage } from '../../src/runner/adapter.js';
import { messageInvalidError, operationUnknownError } from './errors.js';
import { ALL_TAX_KINDS, REQUEST_KINDS, TAX_KINDS, type RequestKind } from './wire/codes.js';
import { fiscalYearEraCode, toEraDateField } from './wire/era-fields.js';
import { MESSAGE_ID_WIDTH, TAX_REQUEST_LAYOUT } from './wire/request-layout.js';

/** The charset choices of the adapter: the policy and, for `degrade`, its table. */
export type TaxCharsetPolicy = Pick<CharsetPolicyOptions, 'policy' | 'degrade' | 'encoding'>;

/** The mapped record a tax message carries (`OutboundMessage.record`). */
export const taxRequestRecordSchema = z
  .object({
    /** 宛名番号: 10 digits, modulus-11 check digit. */
    atenaNumber: z.string().regex(/^[0-9]{10}$/).refine(isValidMod11Number, { error: 'invalid check digit' }),
    /** Western year the 年度 starts in: 2024 = 令和6年度. */
    fiscalYear: z.number().int().min(1989).max(2099),
    /** 税目 for 納税証明: `00` every kind (default), `01`–`04`. */
    taxKind: z.enum([ALL_TAX_KINDS, ...(Object.keys(TAX_KINDS) as (keyof typeof TAX_KINDS)[])]).optional(),
    /** 氏名 as registered (kanji, family and given name separated by U+3000). */
    name: z.string().min(1).max(200),
    /** 氏名カナ in half-width katakana (the mapping's kana transform makes it). */
    nameKana: z.string().min(1).max(200),
    /** ISO date of birth; null when the registry holds it as 不詳. */
    birthDate: z.union([z.iso.date(), z.null()]),
    copies: z.number().int().min(1).max(99).optional(),
  })
  .strict();

/** The checked record. */
export type TaxRequestRecord = z.infer<typeof taxRequestRecordSchema>;

const OPERATIONS: Readonly<Record<string, RequestKind>> = {
  'taxation-certificate': 'taxation-certificate',
  'income-certificate': 'income-certificate',
  'payment-certificate': 'payment-certificate',
};

const MESSAGE_ID = new RegExp(`^[\\x21-\\x7e]{1,${MESSAGE_ID_WIDTH}}$`);

function invalidRecord(issues: InputIssue[]): InputError {
  return new InputError('tax-record-invalid', `${issues.length} field(s) of the tax request are invalid`, issues);
}

/** What goes into the journal and, at the cut-off, into the request file. */
export interface RequestEntry {
  messageId: string;
  /** Values of the data record, by layout field name. */
  values: Record<string, string | number>;
}

/**
 * Builds the request record of a message. Throws InputError (the record is
 * invalid, or a character the tax system cannot hold under `reject`) or a
 * non-retryable UpstreamError (unknown operation, message id too long).
 */
export function buildRequestEntry(message: OutboundMessage, charset: TaxCharsetPolicy, eras: EraTable): { entry: RequestEntry; changes: FieldChange[] } {
  const kind = Object.prototype.hasOwnProperty.call(OPERATIONS, message.operation) ? OPERATIONS[message.operation] : undefined;
  if (!kind) throw operationUnknownError(message.operation);
  if (!MESSAGE_ID.test(message.messageId)) throw messageInvalidError(`a message id is 1–${MESSAGE_ID_WIDTH} printable ASCII characters`);
  const parsed = taxRequestRecordSchema.safeParse(message.record);
  if (!parsed.success) {
    throw invalidRecord(
      parsed.error.issues.map((issue) => ({
        pointer: `/record${issue.path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`,
        code: issue.code === 'unrecognized_keys' ? 'unknown-field' : 'invalid',
        message: issue.code === 'unrecognized_keys' ? 'the tax request has no such field' : issue.message,
      })),
    );
  }
  const record = parsed.data;
  const names = enforceCharsetPolicy({ name: record.name, nameKana: record.nameKana }, { ...charset, recordPointer: '/record' });
  if (names.kind === 'hold') {
    throw new InputError(
      'unmappable-character',
      `${names.unmappable.length} character(s) cannot be encoded for the tax system; the tax adapter cannot hold a message for staff`,
      names.unmappable.map((item) => ({ pointer: item.pointer, code: 'unmappable-character', message: `character ${item.codePoint} cannot be sent to the receiving system` })),
    );
  }
  let birthDate: string;
  try {
    birthDate = toEraDateField(record.birthDate, eras);
  } catch {
    throw invalidRecord([{ pointer: '/record/birthDate', code: 'out-of-range', message: 'the date is before the first era of the era table' }]);
  }
  const values: Record<string, string | number> = {
    messageId: message.messageId,
    requestKind: REQUEST_KINDS[kind],
    atenaNumber: record.atenaNumber,
    fiscalYearEra: fiscalYearEraCode(record.fiscalYear, eras),
    fiscalYear: record.fiscalYear,
    taxKind: kind === 'payment-certificate' ? (record.taxKind ?? ALL_TAX_KINDS) : ALL_TAX_KINDS,
    nameKana: String(names.record.nameKana),
    name: String(names.record.name),
    birthDate,
    copies: record.copies ?? 1,
  };
  checkEncodes(values, charset);
  return { entry: { messageId: message.messageId, values }, changes: names.changes };
}

/** Encodes the record once; the codec's layout errors come back with pointers into the message record. */
function checkEncodes(values: Record<string, string | number>, charset: TaxCharsetPolicy): void {
  const encoder = new FixedWidthRecordEncoder(TAX_REQUEST_LAYOUT, charset.encoding);
  try {
    encoder.encodeInto('data', values, Buffer.alloc(TAX_REQUEST_LAYOUT.recordLength + 2), 0, 1);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw invalidRecord(error.issues.map((issue) => ({ ...issue, pointer: `/record${issue.pointer}` })));
  }
}
