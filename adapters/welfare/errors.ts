/**
 * How the welfare package's failures become domain errors. Retryable: what
 * might succeed later (network, timeout, 5xx, 429, a reply that arrived
 * broken). Permanent: what the package refused (a rejected file, an unknown
 * record type) and records the adapter cannot send. Details name statuses,
 * rows, column headers and codes only, never values or the package's
 * message text, which may quote personal data.
 */
import { UpstreamError } from '../../src/errors.js';
import type { WelfareFileError } from './wire.js';

/** The system id of the welfare package. */
export const WELFARE_SYSTEM = 'welfare';

/** Stable codes of the UpstreamError this adapter throws. */
export const WELFARE_ERROR_CODES = {
  unreachable: 'welfare-unreachable',
  timeout: 'welfare-timeout',
  aborted: 'welfare-aborted',
  unavailable: 'welfare-unavailable',
  replyInvalid: 'welfare-reply-invalid',
  fileRejected: 'welfare-file-rejected',
  refused: 'welfare-refused',
  messageInvalid: 'welfare-message-invalid',
  charactersHeld: 'welfare-characters-held',
} as const;

/** How many file errors a detail lists before it only counts the rest. */
const LISTED_FILE_ERRORS = 10;
const SAFE_CODE = /^[A-Z0-9_]{1,64}$/;

/** Transport failure: connection refused or reset, socket closed mid-reply, timeout, cancellation. */
export function transportError(cause: unknown, reason: 'timeout' | 'aborted' | 'network'): UpstreamError {
  const code = reason === 'timeout' ? WELFARE_ERROR_CODES.timeout : reason === 'aborted' ? WELFARE_ERROR_CODES.aborted : WELFARE_ERROR_CODES.unreachable;
  const detail =
    reason === 'timeout'
      ? 'the welfare system did not answer in time'
      : reason === 'aborted'
        ? 'the exchange with the welfare system was cancelled'
        : 'the connection to the welfare system failed';
  return new UpstreamError(WELFARE_SYSTEM, true, code, detail, { cause });
}

/** A reply that is not the JSON the interface promises. */
export function invalidReplyError(status: number, cause?: unknown): UpstreamError {
  return new UpstreamError(WELFARE_SYSTEM, true, WELFARE_ERROR_CODES.replyInvalid, `the welfare system sent an unreadable reply (HTTP ${status})`, { cause });
}

/**
 * An error status other than 400 and 409. 5xx, 408 and 429 are retryable;
 * other 4xx (404 unknown record type, 413, 415) are refusals. `packageCode`
 * is the package's own error code, when its body had a well-formed one.
 */
export function statusError(status: number, packageCode: string | undefined): UpstreamError {
  const codeText = packageCode !== undefined && SAFE_CODE.test(packageCode) ? ` ${packageCode}` : '';
  if (status >= 500 || status === 429 || status === 408) {
    return new UpstreamError(WELFARE_SYSTEM, true, WELFARE_ERROR_CODES.unavailable, `the welfare system failed: HTTP ${status}${codeText}`);
  }
  return new UpstreamError(WELFARE_SYSTEM, false, WELFARE_ERROR_CODES.refused, `the welfare system refused the upload: HTTP ${status}${codeText}`);
}

/**
 * 400: the package rejected the file. The detail lists row, column header and
 * code of each problem; a column the layout does not have, or a code that is
 * not a plain code, is not repeated, so nothing from the reply can carry values.
 */
export function fileRejectedError(errors: readonly WelfareFileError[] | undefined, knownHeaders: readonly string[]): UpstreamError {
  const described = (errors ?? []).slice(0, LISTED_FILE_ERRORS).map((error) => {
    const where = [error.row === undefined ? 'file' : `row ${error.row}`];
    if (error.column !== undefined) where.push(knownHeaders.includes(error.column) ? error.column : '(unknown column)');
    return `${where.join(' ')}: ${SAFE_CODE.test(error.code) ? error.code : '(unknown code)'}`;
  });
  const more = (errors?.length ?? 0) - described.length;
  const list = described.length === 0 ? 'no error list' : described.join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new UpstreamError(WELFARE_SYSTEM, false, WELFARE_ERROR_CODES.fileRejected, `the welfare system rejected the file: ${list}`);
}

/** The outbound message cannot be turned into an upload the package would accept. */
export function messageInvalidError(detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError(WELFARE_SYSTEM, false, WELFARE_ERROR_CODES.messageInvalid, detail, { cause });
}

/**
 * The `hold` charset policy (or `degrade` with characters its table does not
 * cover): the message stops for staff, who see the pointers and code points.
 */
export function charactersHeldError(unmappable: readonly { pointer: string; codePoint: string }[]): UpstreamError {
  const list = unmappable.map((item) => `${item.pointer} ${item.codePoint}`).join(', ');
  return new UpstreamError(WELFARE_SYSTEM, false, WELFARE_ERROR_CODES.charactersHeld, `held for staff: characters the welfare system cannot store: ${list}`);
}
