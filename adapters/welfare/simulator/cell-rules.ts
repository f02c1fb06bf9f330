/**
 * The package's checks of one CSV cell, written from the column rules of the
 * import specification (../wire.ts) independently of the adapter's zod
 * schemas, so the simulator is never more forgiving than the documented
 * interface. A valid cell becomes the record value the package stores.
 */
import { isValidMod11Number } from '../../../src/jp/check-digits.js';
import type { EraTable } from '../../../src/jp/era.js';
import { characterCount, isCompactDate, isEraDate } from '../records.js';
import { MESSAGE_ID_PATTERN, WELFARE_REPLY_CODES, type ColumnType } from '../wire.js';

/** A cell's value, or the package's error code for it. */
export type CellResult = { ok: true; value: string | number | boolean | null } | { ok: false; code: string };

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const NAME_KANA = /^[\uff66-\uff9f ]+$/u;
const BANK_KANA = /^[\uff66-\uff9f 0-9A-Z().\-/]+$/u;

const fail = (code: string): CellResult => ({ ok: false, code });
const ok = (value: string | number | boolean | null): CellResult => ({ ok: true, value });

function checkText(cell: string, maxLength: number, allowed: (text: string) => boolean): CellResult {
  if (!allowed(cell)) return fail(WELFARE_REPLY_CODES.invalidCharacter);
  return characterCount(cell) > maxLength ? fail(WELFARE_REPLY_CODES.tooLong) : ok(cell);
}

/** Checks one cell against its column type; `''` is an empty cell. */
export function checkCell(type: ColumnType, required: boolean, cell: string, eras: EraTable): CellResult {
  if (cell === '') return required ? fail(WELFARE_REPLY_CODES.required) : ok(null);
  switch (type.kind) {
    case 'message-id':
      return MESSAGE_ID_PATTERN.test(cell) ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidFormat);
    case 'digits':
      if (cell.length !== type.length || !/^[0-9]+$/.test(cell)) return fail(WELFARE_REPLY_CODES.invalidFormat);
      return type.checkDigit === 'mod11' && !isValidMod11Number(cell) ? fail(WELFARE_REPLY_CODES.invalidCheckDigit) : ok(cell);
    case 'text':
      return checkText(cell, type.maxLength, (text) => !CONTROL.test(text));
    case 'kana':
      return checkText(cell, type.maxLength, (text) => (type.repertoire === 'name' ? NAME_KANA : BANK_KANA).test(text));
    case 'era-date':
      if (!/^[0-9]{7}$/.test(cell)) return fail(WELFARE_REPLY_CODES.invalidFormat);
      return isEraDate(cell, eras) ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidDate);
    case 'date':
      if (!/^[0-9]{8}$/.test(cell)) return fail(WELFARE_REPLY_CODES.invalidFormat);
      return isCompactDate(cell) ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidDate);
    case 'code':
      return Object.prototype.hasOwnProperty.call(type.values, cell) ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidCode);
    case 'flag':
      return cell === type.yes ? ok(true) : cell === type.no ? ok(false) : fail(WELFARE_REPLY_CODES.invalidCode);
    case 'amount':
      return new RegExp(`^[0-9]{1,${type.maxDigits}}$`).test(cell) ? ok(Number(cell)) : fail(WELFARE_REPLY_CODES.invalidFormat);
    case 'count':
      return /^[0-9]{1,4}$/.test(cell) && Number(cell) <= type.max ? ok(Number(cell)) : fail(WELFARE_REPLY_CODES.invalidFormat);
    case 'postal-code':
      return /^[0-9]{3}-[0-9]{4}$/.test(cell) ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidFormat);
    case 'phone':
      return /^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}$/.test(cell) && cell.length <= 13 ? ok(cell) : fail(WELFARE_REPLY_CODES.invalidFormat);
  }
}
