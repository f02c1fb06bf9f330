import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentClient, type PaymentClientOptions } from '../../adapters/payment/client.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../adapters/payment/simulator/index.js';
import type { CompiledProcedure, FeeDefinition, FeeExemption } from '../../src/catalog/procedure.js';
import { GatewayError, InputError, PaymentError, UnavailableError } from '../../src/errors.js';
import type { CheckContext, CheckOutcome } from '../../src/intake/check.js';
import { createPaymentCheck, type PaymentProvider } from '../../src/intake/payment-check.js';
import type { Submission } from '../../src/intake/submission.js';
import { procedureWithFee } from './fee-procedure.js';

const apiKey = 'sk_test_intake';
const capturedAt = new Date('2025-04-01T09:30:00Z');
const checkedAt = new Date('2025-04-01T09:45:00Z');
const perCopy: FeeDefinition = { kind: 'per-copy', amount: 300, copies: '/copies' };
const welfare: FeeExemption = { pointer: '/purpose', equals: 'welfare', reason: { ja: '福祉目的', en: 'Welfare purposes' } };

let simulator: PaymentSimulator;

beforeEach(async () => {
  simulator = await startPaymentSimulator({ apiKey, clock: () => capturedAt });
});
afterEach(async () => {
  await simulator.close();
});

function provider(overrides: Partial<PaymentClientOptions> = {}): PaymentProvider {
  return createPaymentClient({ baseUrl: simulator.url, apiKey, timeoutMs: 1_000, retryDelayMs: 5, ...overrides });
}

function compiled(fee: FeeDefinition, feeExemptions: FeeExemption[] = []): CompiledProcedure {
  return { procedure: procedureWithFee(fee, feeExemptions), file: 'mappings/procedures/juminhyo-copy.yaml' } as unknown as CompiledProcedure;
}

function context(input: { fee?: FeeDefinition; exemptions?: FeeExemption[]; form?: Record<string, unknown>; payment?: Submission['payment'] }): CheckContext {
  const form = input.form ?? { copies: 3 };
  return {
    procedure: compiled(input.fee ?? perCopy, input.exemptions),
    submission: { procedureId: 'juminhyo-copy', form, ...(input.payment ? { payment: input.payment } : {}) },
    form,
    clientId: 'frontend',
    now: checkedAt,
  };
}

function run(ctx: CheckContext, providers: Record<string, PaymentProvider> = { 'city-pay': provider() }): Promise<CheckOutcome> {
  return createPaymentCheck({ providers, clock: () => checkedAt }).check(ctx);
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('payment check', () => {
  it('accepts a captured payment of exactly the fee, records it and claims it', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    const outcome = await run(context({ payment: { provider: 'city-pay', paymentId: payment.id } }));
    expect(outcome).toEqual({
      payment: { provider: 'city-pay', paymentId: payment.id, amount: 900, currency: 'JPY', capturedAt: capturedAt.toISOString(), checkedAt: checkedAt.toISOString() },
      claims: [{ kind: 'payment', key: `city-pay:${payment.id}` }],
    });
  });

  it('claims the same key for the same payment, so the store refuses its second use', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    const reference = { provider: 'city-pay', paymentId: payment.id };
    const first = await run(context({ payment: reference }));
    const second = await run(context({ payment: reference }));
    expect(second.claims).toEqual(first.claims);
  });

  it('accepts a free procedure without a payment and records nothing', async () => {
    expect(await run(context({ fee: { kind: 'free' } }))).toEqual({});
    expect(simulator.requests()).toHaveLength(0);
  });

  it('accepts an exempt application without a payment and records the exemption', async () => {
    const outcome = await run(context({ exemptions: [welfare], form: { copies: 3, purpose: 'welfare' } }));
    expect(outcome).toEqual({ payment: { amount: 0, currency: 'JPY', exemption: { reason: welfare.reason } } });
  });

  it('refuses a payment when no fee is due', async () => {
    const payment = simulator.createPayment({ amount: 300 });
    const error = await refusal(run(context({ fee: { kind: 'free' }, payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-not-required');
    const exempt = await refusal(run(context({ exemptions: [welfare], form: { copies: 1, purpose: 'welfare' }, payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(exempt.code).toBe('payment-not-required');
  });

  it('requires a payment when a fee is due, pointing at /payment and naming the fee', async () => {
    const error = await refusal(run(context({})));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-required');
    expect(error.message).toContain('¥900');
    expect(error.extensions['errors']).toEqual([{ pointer: '/payment', code: 'payment-required', message: error.message }]);
  });

  it.each(['other-pay', '__proto__', 'constructor', 'toString'])('refuses the unknown provider %s as input at /payment/provider', async (name) => {
    const error = await refusal(run(context({ payment: { provider: name, paymentId: 'pay_1' } })));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([expect.objectContaining({ pointer: '/payment/provider', code: 'unknown-provider' })]);
    expect(error.message).toContain('city-pay');
  });

  it('refuses a payment the provider does not know', async () => {
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: 'pay_doesnotexist' } })));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-not-found');
    const hostile = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: '../../v1/payments' } })));
    expect(hostile.code).toBe('payment-not-found');
  });

  it('refuses a payment of another amount, saying both amounts in yen', async () => {
    const payment = simulator.createPayment({ amount: 300 });
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-amount-mismatch');
    expect(error.message).toBe('The fee is ¥900 (¥300 × 3 copies = ¥900) but the payment is ¥300.');
    expect(error.extensions).toMatchObject({ expectedAmount: 900, actualAmount: 300 });
  });

  it.each([
    ['authorized', 'The payment is only authorised'],
    ['failed', 'The payment failed'],
    ['refunded', 'The payment has been refunded'],
  ] as const)('refuses a payment that is %s', async (status, detail) => {
    const payment = simulator.createPayment({ amount: 900, status });
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-not-captured');
    expect(error.message).toContain(detail);
    expect(error.extensions['paymentStatus']).toBe(status);
  });

  it('refuses a payment that was partly refunded after capture', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    await createPaymentClient({ baseUrl: simulator.url, apiKey, timeoutMs: 1_000 }).refund(payment.id, 300, 'Partial refund', 'refund:partial');
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(error.code).toBe('payment-not-captured');
  });

  it('refuses a payment in another currency', async () => {
    const payment = simulator.createPayment({ amount: 900, currency: 'usd' });
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('payment-currency-mismatch');
    expect(error.extensions).toMatchObject({ expectedCurrency: 'JPY', actualCurrency: 'USD' });
  });

  it('accepts after the provider answered 503 twice', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    simulator.injectFault({ kind: 'status', status: 503 }, 2);
    const outcome = await run(context({ payment: { provider: 'city-pay', paymentId: payment.id } }));
    expect(outcome.claims).toEqual([{ kind: 'payment', key: `city-pay:${payment.id}` }]);
    expect(simulator.requests()).toHaveLength(3);
  });

  it('answers unavailable with Retry-After when the provider keeps failing', async () => {
    simulator.injectFault({ kind: 'status', status: 500 }, 10);
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: 'pay_1' } })));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.code).toBe('payment-provider-unavailable');
    expect((error as UnavailableError).retryAfterSeconds).toBe(30);
    expect(simulator.requests()).toHaveLength(3);
  });

  it('answers unavailable when the provider hangs beyond the timeout', async () => {
    simulator.injectFault({ kind: 'hang' }, 10);
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: 'pay_1' } }), { 'city-pay': provider({ timeoutMs: 100 }) }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.code).toBe('payment-provider-unavailable');
  });

  it('answers unavailable, after a single request, when the API key is wrong', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } }), { 'city-pay': provider({ apiKey: 'sk_test_wrong' }) }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(simulator.requests()).toHaveLength(1);
    expect(error.cause).toMatchObject({ code: 'payment-provider-auth-failed', retryable: false });
  });

  it.each([
    ['malformed JSON', { kind: 'body', body: '{"id":' }],
    ['a payment missing fields', { kind: 'body', body: '{"object":"payment","amount":900}' }],
    ['a 10 MB body', { kind: 'oversized-body', bytes: 10 * 1024 * 1024 }],
    ['a status that is not JSON', { kind: 'body', status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' }],
  ] as const)('answers unavailable, never crashing, when the provider sends %s', async (_label, fault) => {
    simulator.injectFault(fault, 3);
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: 'pay_1' } })));
    expect(error).toBeInstanceOf(UnavailableError);
  });

  it('never puts the payment id into error details', async () => {
    const payment = simulator.createPayment({ amount: 300 });
    const error = await refusal(run(context({ payment: { provider: 'city-pay', paymentId: payment.id } })));
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toContain(payment.id);
  });

  it('passes per-copy input errors through from the fee', async () => {
    const error = await refusal(run(context({ form: { copies: 0 }, payment: { provider: 'city-pay', paymentId: 'pay_1' } })));
    expect(error).toBeInstanceOf(InputError);
    expect(simulator.requests()).toHaveLength(0);
  });
});
