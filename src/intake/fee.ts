import type { LocalizedText, Procedure } from '../catalog/procedure.js';
import { InputError } from '../errors.js';

/** The fee an application owes, computed from its procedure and form. */
export interface Fee {
  /** Yen; 0 when the procedure is free or an exemption applies. */
  amount: number;
  currency: 'JPY';
  /** Present when an exemption waived a fee that would otherwise be due. */
  exemption?: { reason: LocalizedText };
  /** How the amount came about, for people (e.g. `¥300 × 3 copies = ¥900`). Never personal data. */
  breakdown: string;
}

/**
 * Computes the fee for a form. Pure: the same procedure and form always give
 * the same fee. The first matching `feeExemptions` entry waives the fee.
 *
 * @param form the form data after validation against the procedure's form schema.
 * @throws InputError `invalid-copies` when a per-copy fee cannot read a positive
 *   whole number of copies at its pointer (pointer `/form<copies>`).
 */
export function computeFee(procedure: Procedure, form: Record<string, unknown>): Fee {
  const { fee } = procedure;
  if (fee.kind === 'free') {
    return { amount: 0, currency: 'JPY', breakdown: 'No fee' };
  }

  const exemption = procedure.feeExemptions.find((candidate) => {
    const found = readPointer(form, candidate.pointer);
    return found.present && found.value === candidate.equals;
  });
  if (exemption) {
    return { amount: 0, currency: 'JPY', exemption: { reason: exemption.reason }, breakdown: `Exempt: ${exemption.reason.en}` };
  }

  if (fee.kind === 'fixed') {
    return { amount: fee.amount, currency: 'JPY', breakdown: formatYen(fee.amount) };
  }

  const copies = readCopies(form, fee.copies);
  const amount = fee.amount * copies;
  if (!Number.isSafeInteger(amount)) {
    throw invalidCopies(fee.copies, 'The number of copies is too large.');
  }
  const unit = copies === 1 ? 'copy' : 'copies';
  return { amount, currency: 'JPY', breakdown: `${formatYen(fee.amount)} × ${copies} ${unit} = ${formatYen(amount)}` };
}

/** Formats whole yen for people: `¥1,200`. */
export function formatYen(amount: number): string {
  return `¥${YEN_GROUPING.format(amount)}`;
}

const YEN_GROUPING = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function readCopies(form: Record<string, unknown>, pointer: string): number {
  const found = readPointer(form, pointer);
  if (!found.present) {
    throw invalidCopies(pointer, 'The number of copies is required for this fee.');
  }
  const copies = found.value;
  if (typeof copies !== 'number' || !Number.isSafeInteger(copies) || copies < 1) {
    throw invalidCopies(pointer, 'The number of copies must be a whole number of at least 1.');
  }
  return copies;
}

function invalidCopies(pointer: string, message: string): InputError {
  return new InputError('invalid-copies', message, [{ pointer: `/form${pointer}`, code: 'invalid-copies', message }]);
}

type PointerResult = { present: true; value: unknown } | { present: false };

/**
 * Resolves an RFC 6901 JSON Pointer. Only own properties count, so a pointer
 * such as `/__proto__` or `/constructor` never reaches the prototype chain.
 */
function readPointer(document: unknown, pointer: string): PointerResult {
  if (pointer === '') {
    return { present: true, value: document };
  }
  if (!pointer.startsWith('/')) {
    return { present: false };
  }
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= current.length) {
        return { present: false };
      }
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { present: false };
    }
  }
  return { present: true, value: current };
}
