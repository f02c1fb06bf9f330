/**
 * How the tax adapter's failures become domain errors. Writing to the
 * exchange directory can fail for a while (disk full, share unmounted):
 * retryable. A message the interface cannot carry is refused for good.
 * Details name fields and codes, never values.
 */
import { UpstreamError } from '../../src/errors.js';

/** The system id of the tax system. */
export const TAX_SYSTEM = 'tax';

/** Stable codes of the UpstreamError this adapter throws. */
export const TAX_ERROR_CODES = {
  exchangeUnavailable: 'tax-exchange-unavailable',
  messageInvalid: 'tax-message-invalid',
  operationUnknown: 'tax-operation-unknown',
} as const;

/** The exchange directory (or the journal in it) cannot be read or written. */
export function exchangeUnavailableError(detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError(TAX_SYSTEM, true, TAX_ERROR_CODES.exchangeUnavailable, detail, { cause });
}

/** The message cannot be turned into a request record. */
export function messageInvalidError(detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError(TAX_SYSTEM, false, TAX_ERROR_CODES.messageInvalid, detail, { cause });
}

/** The operation is not one of the interface's request kinds. */
export function operationUnknownError(operation: string): UpstreamError {
  return new UpstreamError(TAX_SYSTEM, false, TAX_ERROR_CODES.operationUnknown, `the tax system has no operation ${JSON.stringify(operation.slice(0, 64))}`);
}
