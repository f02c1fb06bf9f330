import { UpstreamError } from '../../src/errors.js';

/** The `system` of every error the payment client raises. */
export const PAYMENT_SYSTEM = 'payment';

/**
 * A classified payment provider failure. `retryable` says whether asking again
 * later can help; `httpStatus` is the provider's answer, absent when it never
 * answered (network error, timeout).
 */
export class PaymentProviderError extends UpstreamError {
  readonly httpStatus: number | undefined;
  constructor(retryable: boolean, code: string, detail: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(PAYMENT_SYSTEM, retryable, code, detail, { cause: options.cause });
    this.httpStatus = options.httpStatus;
  }

  /** Worth an immediate retry: no answer, or a 5xx. A 4xx is never retried at once, even a 429. */
  get quicklyRetryable(): boolean {
    return this.retryable && (this.httpStatus === undefined || this.httpStatus >= 500);
  }
}

/** Classifies an HTTP answer that is not a success. */
export function errorForStatus(operation: string, status: number): PaymentProviderError {
  if (status >= 500) {
    return new PaymentProviderError(true, 'payment-provider-failed', `${operation}: the payment provider answered ${status}`, { httpStatus: status });
  }
  if (status === 429) {
    return new PaymentProviderError(true, 'payment-provider-rate-limited', `${operation}: the payment provider is rate limiting`, { httpStatus: status });
  }
  if (status === 401 || status === 403) {
    return new PaymentProviderError(false, 'payment-provider-auth-failed', `${operation}: the payment provider refused the API key (${status})`, { httpStatus: status });
  }
  return new PaymentProviderError(false, 'payment-provider-rejected', `${operation}: the payment provider refused the request (${status})`, { httpStatus: status });
}

/** Classifies a failure to get any answer: a timeout, or a connection refused, reset or unresolvable. */
export function errorForTransport(operation: string, timedOut: boolean, cause: unknown): PaymentProviderError {
  if (timedOut) {
    return new PaymentProviderError(true, 'payment-provider-timeout', `${operation}: the payment provider did not answer in time`, { cause });
  }
  return new PaymentProviderError(true, 'payment-provider-unreachable', `${operation}: the payment provider could not be reached`, { cause });
}

/** A success answer that does not match the documented shape. */
export function invalidResponse(operation: string, why: string, cause?: unknown): PaymentProviderError {
  return new PaymentProviderError(false, 'payment-response-invalid', `${operation}: the payment provider's answer is invalid (${why})`, { cause });
}

/** An answer larger than the client reads. */
export function responseTooLarge(operation: string, limit: number, httpStatus: number): PaymentProviderError {
  return new PaymentProviderError(false, 'payment-response-too-large', `${operation}: the payment provider's answer exceeds ${limit} bytes`, { httpStatus });
}

/** The provider has no such payment (for operations where that is a failure, such as a refund). */
export function paymentNotFound(operation: string): PaymentProviderError {
  return new PaymentProviderError(false, 'payment-not-found', `${operation}: the payment provider has no such payment`, { httpStatus: 404 });
}
