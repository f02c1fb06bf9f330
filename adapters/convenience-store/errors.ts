import { UpstreamError } from '../../src/errors.js';

/** The `system` of every error the convenience-store client raises. */
export const CONVENIENCE_STORE_SYSTEM = 'convenience-store';

/**
 * A classified store network failure. `retryable`: asking again later can
 * help (no answer, 5xx, 429); `httpStatus` is absent when the network never
 * answered.
 */
export class ConvenienceStoreError extends UpstreamError {
  readonly httpStatus: number | undefined;
  constructor(retryable: boolean, code: string, detail: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(CONVENIENCE_STORE_SYSTEM, retryable, code, detail, { cause: options.cause });
    this.httpStatus = options.httpStatus;
  }

  /** Worth an immediate retry: no answer, or a 5xx other than maintenance (503 says come back later). */
  get quicklyRetryable(): boolean {
    return this.retryable && (this.httpStatus === undefined || (this.httpStatus >= 500 && this.httpStatus !== 503));
  }
}

/** Classifies an HTTP answer that is neither 201 nor a duplicate's 409. */
export function errorForStatus(status: number, networkCode: string | undefined): ConvenienceStoreError {
  if (status === 503) {
    return new ConvenienceStoreError(true, 'store-network-maintenance', 'the store network is in maintenance', { httpStatus: status });
  }
  if (status >= 500) return new ConvenienceStoreError(true, 'store-network-failed', `the store network answered ${status}`, { httpStatus: status });
  if (status === 429) return new ConvenienceStoreError(true, 'store-network-rate-limited', 'the store network is rate limiting', { httpStatus: status });
  if (status === 401 || status === 403) {
    return new ConvenienceStoreError(false, 'store-network-auth-failed', `the store network refused the API key (${status})`, { httpStatus: status });
  }
  const why = networkCode === undefined ? '' : `: ${networkCode}`;
  return new ConvenienceStoreError(false, 'store-network-rejected', `the store network refused the request (${status}${why})`, { httpStatus: status });
}

/** Classifies a failure to get any answer: a timeout, or a connection refused or reset. */
export function errorForTransport(timedOut: boolean, cause: unknown): ConvenienceStoreError {
  if (timedOut) return new ConvenienceStoreError(true, 'store-network-timeout', 'the store network did not answer in time', { cause });
  return new ConvenienceStoreError(true, 'store-network-unreachable', 'the store network could not be reached', { cause });
}

/** A success answer that does not match the documented shape, or answers another request. */
export function invalidResponse(why: string, httpStatus: number, cause?: unknown): ConvenienceStoreError {
  return new ConvenienceStoreError(false, 'store-network-response-invalid', `the store network's answer is invalid (${why})`, { httpStatus, cause });
}
