import { InputError, PaymentError, UnavailableError, UpstreamError, type InputIssue } from '../errors.js';
import type { SubmissionCheck } from './check.js';
import { computeFee, formatYen } from './fee.js';

/** A payment as a provider reports it; only what the check needs. */
export interface ReportedPayment {
  /** In yen for JPY. */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
  /** Only `captured` pays a fee. */
  status: string;
  /** ISO-8601, or null while not captured. */
  capturedAt: string | null;
}

/**
 * What the payment check needs from a provider. `createPaymentClient`
 * (adapters/payment) satisfies it. A lookup that cannot decide throws an
 * `UpstreamError` (after whatever retries the provider client makes).
 */
export interface PaymentProvider {
  getPayment(paymentId: string, options?: { signal?: AbortSignal }): Promise<{ found: true; payment: ReportedPayment } | { found: false }>;
}

export interface PaymentCheckOptions {
  /** Configured providers by the name submissions use in `payment.provider`. */
  providers: Record<string, PaymentProvider>;
  clock: () => Date;
  /** Retry-After for a provider that is down. Default 30 s. */
  retryAfterSeconds?: number;
}

/**
 * The fee payment check at intake: the application must carry exactly one
 * genuine, captured payment of the fee in yen — or none when no fee is due.
 *
 * On success it records `{ provider, paymentId, amount, currency, capturedAt, checkedAt }`
 * (or `{ amount: 0, currency, exemption }` for an exempted fee; nothing for a
 * free procedure) and claims `payment` / `<provider>:<paymentId>`, so that the
 * store refuses a second application paid with the same payment.
 *
 * Refuses with PaymentError (`payment-required`, `payment-not-required`,
 * `payment-not-found`, `payment-not-captured`, `payment-currency-mismatch`,
 * `payment-amount-mismatch`), InputError `payment-provider-unknown`, or
 * UnavailableError `payment-provider-unavailable` when the provider cannot answer.
 */
export function createPaymentCheck(options: PaymentCheckOptions): SubmissionCheck {
  const providers = new Map(Object.entries(options.providers));
  const retryAfterSeconds = options.retryAfterSeconds ?? 30;

  return {
    name: 'payment',
    async check({ procedure, submission, form }) {
      const fee = computeFee(procedure.procedure, form);
      const reference = submission.payment;

      if (fee.amount === 0) {
        if (reference) {
          throw refusal('payment-not-required', 'No fee is due for this application; submit it without a payment.', '/payment');
        }
        return fee.exemption ? { payment: { amount: 0, currency: fee.currency, exemption: fee.exemption } } : {};
      }
      if (!reference) {
        throw refusal('payment-required', `A fee of ${formatYen(fee.amount)} is due (${fee.breakdown}); pay it and submit the payment reference.`, '/payment');
      }

      const provider = providers.get(reference.provider);
      if (!provider) {
        const message = `Unknown payment provider; accepted: ${[...providers.keys()].join(', ') || 'none'}.`;
        throw new InputError('payment-provider-unknown', message, [{ pointer: '/payment/provider', code: 'unknown-provider', message }]);
      }

      let lookup: Awaited<ReturnType<PaymentProvider['getPayment']>>;
      try {
        lookup = await provider.getPayment(reference.paymentId);
      } catch (error) {
        if (error instanceof UpstreamError) {
          throw new UnavailableError(
            'payment-provider-unavailable',
            'The payment could not be checked because the payment provider is not answering; try again later.',
            error.retryable ? retryAfterSeconds : retryAfterSeconds * 10,
            { cause: error },
          );
        }
        throw error;
      }

      if (!lookup.found) {
        throw refusal('payment-not-found', 'The payment provider has no payment with this id.', '/payment/paymentId');
      }
      const { payment } = lookup;
      if (payment.status !== 'captured') {
        throw refusal('payment-not-captured', notCapturedDetail(payment.status), '/payment/paymentId', {
          paymentStatus: Object.hasOwn(KNOWN_STATUS_DETAILS, payment.status) ? payment.status : 'unknown',
        });
      }
      const currency = /^[A-Za-z]{3}$/.test(payment.currency) ? payment.currency.toUpperCase() : 'unknown';
      if (currency !== fee.currency) {
        throw refusal('payment-currency-mismatch', `The fee is due in ${fee.currency} but the payment is in ${currency}.`, '/payment/paymentId', {
          expectedCurrency: fee.currency,
          actualCurrency: currency,
        });
      }
      if (payment.amount !== fee.amount) {
        throw refusal(
          'payment-amount-mismatch',
          `The fee is ${formatYen(fee.amount)} (${fee.breakdown}) but the payment is ${formatYen(payment.amount)}.`,
          '/payment/paymentId',
          { expectedAmount: fee.amount, actualAmount: payment.amount },
        );
      }

      return {
        payment: {
          provider: reference.provider,
          paymentId: reference.paymentId,
          amount: payment.amount,
          currency,
          capturedAt: payment.capturedAt,
          checkedAt: options.clock().toISOString(),
        },
        claims: [{ kind: 'payment', key: `${reference.provider}:${reference.paymentId}` }],
      };
    },
  };
}

const KNOWN_STATUS_DETAILS: Record<string, string> = {
  authorized: 'The payment is only authorised; it must be captured before the application is submitted.',
  failed: 'The payment failed; no money was taken.',
  refunded: 'The payment has been refunded.',
  partially_refunded: 'Part of the payment has been refunded.',
};

function notCapturedDetail(status: string): string {
  return (Object.hasOwn(KNOWN_STATUS_DETAILS, status) ? KNOWN_STATUS_DETAILS[status] : undefined) ?? 'The payment is not in a captured state.';
}

function refusal(code: string, detail: string, pointer: string, extra: Record<string, unknown> = {}): PaymentError {
  const issue: InputIssue = { pointer, code, message: detail };
  return new PaymentError(code, detail, { extensions: { ...extra, errors: [issue] } });
}
