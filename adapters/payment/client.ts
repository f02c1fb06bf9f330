import pRetry from 'p-retry';
import type { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import { readBoundedText } from '../http-client/bounded-body.js';
import { errorForStatus, errorForTransport, invalidResponse, paymentNotFound, PaymentProviderError, responseTooLarge } from './errors.js';
import { ErrorWireSchema, PaymentWireSchema, RefundWireSchema, type PaymentStatus } from './wire.js';

/** Ids the provider issues: letters, digits, `_` and `-`. Anything else cannot name a payment. */
const PROVIDER_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface PaymentClientOptions {
  /** e.g. `https://api.pay.example.jp` (no trailing path). */
  baseUrl: string;
  /** The provider's secret key; sent as a bearer token, never logged. */
  apiKey: string;
  /** Limit for one attempt, body included. */
  timeoutMs: number;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Immediate retries after the first attempt, for network errors, timeouts and 5xx only. Default 2. */
  retries?: number;
  /** Delay before the first retry; doubled for each further one, with jitter. Default 200 ms. */
  retryDelayMs?: number;
  /** Largest answer read, in bytes. Default 256 KiB. */
  maxResponseBytes?: number;
}

/** A payment as the provider reports it, normalised. */
export interface ProviderPayment {
  id: string;
  /** In the currency's smallest unit (yen). */
  amount: number;
  /** ISO 4217, upper-case. */
  currency: string;
  status: PaymentStatus | 'unknown';
  amountRefunded: number;
  /** ISO-8601 UTC, or null while not captured. */
  capturedAt: string | null;
  createdAt: string;
}

/** The answer to a payment lookup: found, or the provider has no such payment. */
export type PaymentLookup = { found: true; payment: ProviderPayment } | { found: false };

/** A refund the provider accepted. */
export interface ProviderRefund {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'pending' | 'failed';
  createdAt: string;
}

/** The payment provider, as the gateway uses it. */
export interface PaymentClient {
  /**
   * Looks a payment up. Resolves `{ found: false }` when the provider has no
   * such payment. Throws `PaymentProviderError` (an `UpstreamError` of system
   * `payment`) when it cannot tell, after quick retries for retryable failures.
   */
  getPayment(paymentId: string, options?: { signal?: AbortSignal }): Promise<PaymentLookup>;
  /**
   * Asks the provider to refund `amount` yen of a captured payment. The same
   * `idempotencyKey` (e.g. `refund:<application id>`) never refunds twice, so
   * a retried call is safe. Throws `PaymentProviderError`; `payment-not-found`
   * when the provider has no such payment.
   */
  refund(paymentId: string, amount: number, reason: string, idempotencyKey: string, options?: { signal?: AbortSignal }): Promise<ProviderRefund>;
}

const NOT_FOUND = Symbol('not-found');

/** Creates the HTTP client of the payment provider API described in `adapters/payment/README.md`. */
export function createPaymentClient(options: PaymentClientOptions): PaymentClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const maxResponseBytes = options.maxResponseBytes ?? 256 * 1024;

  interface Call<T> {
    operation: string;
    method: 'GET' | 'POST';
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    schema: z.ZodType<T>;
    signal: AbortSignal | undefined;
  }

  async function attempt<T>(call: Call<T>): Promise<T | typeof NOT_FOUND> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let status: number;
    let text: string | undefined;
    try {
      const response = await fetchImpl(`${baseUrl}${call.path}`, {
        method: call.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${options.apiKey}`,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...call.headers,
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        redirect: 'error',
        signal,
      });
      status = response.status;
      text = await readBoundedText(response, maxResponseBytes);
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      throw errorForTransport(call.operation, timeout.aborted, error);
    }

    if (status < 200 || status > 299) {
      if (status === 404 && errorCodeOf(text) === 'resource_missing') return NOT_FOUND;
      throw errorForStatus(call.operation, status);
    }
    if (text === undefined) throw responseTooLarge(call.operation, maxResponseBytes, status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw invalidResponse(call.operation, 'not JSON', error);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw invalidResponse(call.operation, `unexpected ${where || 'body'}`);
    }
    return parsed.data;
  }

  function send<T>(call: Call<T>): Promise<T | typeof NOT_FOUND> {
    return pRetry(() => attempt(call), {
      retries: options.retries ?? 2,
      minTimeout: options.retryDelayMs ?? 200,
      factor: 2,
      randomize: true,
      unref: true,
      signal: call.signal,
      shouldRetry: ({ error }) => error instanceof PaymentProviderError && error.quicklyRetryable,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        const classified = error instanceof PaymentProviderError ? error : undefined;
        options.logger?.warn(
          {
            system: 'payment',
            operation: call.operation,
            attempt: attemptNumber,
            code: classified?.code ?? 'unclassified',
            httpStatus: classified?.httpStatus,
            willRetry: retriesLeft > 0 && classified?.quicklyRetryable === true,
          },
          'payment provider call failed',
        );
      },
    });
  }

  return {
    async getPayment(paymentId, callOptions = {}) {
      if (!PROVIDER_ID.test(paymentId)) return { found: false };
      const wire = await send({
        operation: 'get-payment',
        method: 'GET',
        path: `/v1/payments/${paymentId}`,
        schema: PaymentWireSchema,
        signal: callOptions.signal,
      });
      if (wire === NOT_FOUND) return { found: false };
      if (wire.id !== paymentId) throw invalidResponse('get-payment', 'answered another payment');
      return {
        found: true,
        payment: {
          id: wire.id,
          amount: wire.amount,
          currency: wire.currency.toUpperCase(),
          status: wire.status,
          amountRefunded: wire.amount_refunded,
          capturedAt: wire.captured_at === null ? null : isoOf(wire.captured_at),
          createdAt: isoOf(wire.created),
        },
      };
    },

    async refund(paymentId, amount, reason, idempotencyKey, callOptions = {}) {
      if (!PROVIDER_ID.test(paymentId)) throw paymentNotFound('refund');
      const wire = await send({
        operation: 'refund',
        method: 'POST',
        path: `/v1/payments/${paymentId}/refunds`,
        body: { amount, reason },
        headers: { 'idempotency-key': idempotencyKey },
        schema: RefundWireSchema,
        signal: callOptions.signal,
      });
      if (wire === NOT_FOUND) throw paymentNotFound('refund');
      if (wire.payment !== paymentId) throw invalidResponse('refund', 'answered another payment');
      return { id: wire.id, paymentId: wire.payment, amount: wire.amount, currency: wire.currency.toUpperCase(), status: wire.status, createdAt: isoOf(wire.created) };
    },
  };
}

function isoOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** The provider's error `code`, when the body is its documented error JSON. */
function errorCodeOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = ErrorWireSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code : undefined;
  } catch {
    return undefined;
  }
}
