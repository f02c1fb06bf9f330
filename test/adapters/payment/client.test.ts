import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { createPaymentClient, type PaymentClient, type PaymentClientOptions } from '../../../adapters/payment/client.js';
import { PaymentProviderError } from '../../../adapters/payment/errors.js';
import { paymentAdapter } from '../../../adapters/payment/index.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../../adapters/payment/simulator/index.js';

const apiKey = 'sk_test_client';
const capturedAt = new Date('2025-04-01T09:30:00Z');
let simulator: PaymentSimulator;

beforeEach(async () => {
  simulator = await startPaymentSimulator({ apiKey, clock: () => capturedAt });
});
afterEach(async () => {
  await simulator.close();
});

function client(overrides: Partial<PaymentClientOptions> = {}): PaymentClient {
  return createPaymentClient({ baseUrl: simulator.url, apiKey, timeoutMs: 1_000, retryDelayMs: 5, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PaymentProviderError);
  return error as PaymentProviderError;
}

describe('payment client: lookups', () => {
  it('normalises a payment: upper-case currency, ISO times', async () => {
    const created = simulator.createPayment({ amount: 300 });
    expect(await client().getPayment(created.id)).toEqual({
      found: true,
      payment: { id: created.id, amount: 300, currency: 'JPY', status: 'captured', amountRefunded: 0, capturedAt: capturedAt.toISOString(), createdAt: capturedAt.toISOString() },
    });
  });

  it('reports an unknown payment as not found, and never sends an id that cannot exist', async () => {
    expect(await client().getPayment('pay_unknown')).toEqual({ found: false });
    for (const hostile of ['..', '../refunds', 'pay_1/refunds', 'pay 1', '%2e%2e', 'x'.repeat(129), '']) {
      expect(await client().getPayment(hostile)).toEqual({ found: false });
    }
    expect(simulator.requests().map((request) => request.path)).toEqual(['/v1/payments/pay_unknown']);
  });

  it('treats a 404 that is not resource_missing (wrong base URL) as a provider failure, not a missing payment', async () => {
    const error = await failure(client({ baseUrl: `${simulator.url}/wrong-prefix` }).getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-provider-rejected', retryable: false, httpStatus: 404 });
  });

  it('retries 503 twice and then succeeds', async () => {
    const created = simulator.createPayment({ amount: 300 });
    simulator.injectFault({ kind: 'status', status: 503 }, 2);
    expect((await client().getPayment(created.id)).found).toBe(true);
    expect(simulator.requests()).toHaveLength(3);
  });

  it('gives up after the retries with a retryable error when the provider keeps failing', async () => {
    simulator.injectFault({ kind: 'status', status: 500 }, 10);
    const error = await failure(client({ retries: 2 }).getPayment('pay_1'));
    expect(error).toMatchObject({ system: 'payment', code: 'payment-provider-failed', retryable: true, httpStatus: 500 });
    expect(simulator.requests()).toHaveLength(3);
  });

  it('times out an attempt that hangs, and retries it', async () => {
    const created = simulator.createPayment({ amount: 300 });
    simulator.injectFault({ kind: 'hang' }, 1);
    const lookup = await client({ timeoutMs: 150 }).getPayment(created.id);
    expect(lookup.found).toBe(true);
    expect(simulator.requests()).toHaveLength(2);
  });

  it('classifies a provider that never answers as a retryable timeout', async () => {
    simulator.injectFault({ kind: 'hang' }, 3);
    const error = await failure(client({ timeoutMs: 100, retries: 2 }).getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-provider-timeout', retryable: true });
    expect(simulator.requests()).toHaveLength(3);
  });

  it('retries a dropped connection, and classifies a closed port as unreachable', async () => {
    const created = simulator.createPayment({ amount: 300 });
    simulator.injectFault({ kind: 'reset' }, 1);
    expect((await client().getPayment(created.id)).found).toBe(true);

    const closed = await startPaymentSimulator({ apiKey });
    const closedUrl = closed.url;
    await closed.close();
    const error = await failure(client({ baseUrl: closedUrl, retries: 1 }).getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-provider-unreachable', retryable: true });
  });

  it('never retries a wrong API key and classifies it as permanent', async () => {
    const error = await failure(client({ apiKey: 'sk_test_wrong' }).getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-provider-auth-failed', retryable: false, httpStatus: 401 });
    expect(simulator.requests()).toHaveLength(1);
  });

  it('never retries a 429 at once, but marks it retryable for later', async () => {
    simulator.injectFault({ kind: 'status', status: 429 }, 5);
    const error = await failure(client().getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-provider-rate-limited', retryable: true, quicklyRetryable: false });
    expect(simulator.requests()).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', '{"id":"pay_1","amount":'],
    ['an HTML error page', '<html><body>Bad gateway</body></html>'],
    ['a payment missing fields', '{"id":"pay_1","object":"payment","amount":300}'],
    ['a fractional amount', JSON.stringify({ id: 'pay_1', object: 'payment', amount: 300.5, currency: 'jpy', status: 'captured', amount_refunded: 0, captured_at: 1, created: 1, metadata: {} })],
    ['a time beyond year 9999', JSON.stringify({ id: 'pay_1', object: 'payment', amount: 300, currency: 'jpy', status: 'captured', amount_refunded: 0, captured_at: 1e20, created: 1, metadata: {} })],
    ['another payment than asked', JSON.stringify({ id: 'pay_2', object: 'payment', amount: 300, currency: 'jpy', status: 'captured', amount_refunded: 0, captured_at: 1, created: 1, metadata: {} })],
    ['a JSON array', '[]'],
    ['null', 'null'],
    ['deeply nested JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('classifies %s as a permanent invalid answer without retrying', async (_label, body) => {
    simulator.injectFault({ kind: 'body', body });
    const error = await failure(client().getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-response-invalid', retryable: false });
    expect(simulator.requests()).toHaveLength(1);
  });

  it('does not let __proto__ in an answer pollute anything', async () => {
    const body = `{"__proto__":{"polluted":true},"id":"pay_1","object":"payment","amount":300,"currency":"jpy","status":"captured","amount_refunded":0,"captured_at":1,"created":1,"metadata":{"__proto__":{"polluted":true}}}`;
    simulator.injectFault({ kind: 'body', body });
    const lookup = await client().getPayment('pay_1');
    expect(lookup).toMatchObject({ found: true, payment: { amount: 300 } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('stops reading a 10 MB answer at the cap', async () => {
    simulator.injectFault({ kind: 'oversized-body', bytes: 10 * 1024 * 1024 });
    const error = await failure(client({ maxResponseBytes: 64 * 1024 }).getPayment('pay_1'));
    expect(error).toMatchObject({ code: 'payment-response-too-large', retryable: false });
  });

  it('keeps the API key and payment ids out of its log lines', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }) });
    simulator.injectFault({ kind: 'status', status: 503 }, 1);
    const created = simulator.createPayment({ amount: 300 });
    await client({ logger }).getPayment(created.id);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ system: 'payment', operation: 'get-payment', attempt: 1, code: 'payment-provider-failed', httpStatus: 503, willRetry: true });
    expect(lines.join('')).not.toContain(apiKey);
    expect(lines.join('')).not.toContain(created.id);
  });

  it('gives up at once when the caller aborts', async () => {
    simulator.injectFault({ kind: 'hang' }, 5);
    const controller = new AbortController();
    const pending = client({ timeoutMs: 5_000 }).getPayment('pay_1', { signal: controller.signal });
    await expect.poll(() => simulator.requests().length).toBe(1);
    controller.abort(new Error('submission cancelled'));
    await expect(pending).rejects.toThrow('submission cancelled');
    expect(simulator.requests()).toHaveLength(1);
  });
});

describe('payment client: refunds', () => {
  it('refunds once for the same idempotency key, even when called twice', async () => {
    const created = simulator.createPayment({ amount: 300 });
    const first = await client().refund(created.id, 300, 'Application rejected', 'refund:app-1');
    const second = await client().refund(created.id, 300, 'Application rejected', 'refund:app-1');
    expect(second).toEqual(first);
    expect(first).toMatchObject({ paymentId: created.id, amount: 300, currency: 'JPY', status: 'succeeded' });
    const lookup = await client().getPayment(created.id);
    expect(lookup).toMatchObject({ found: true, payment: { status: 'refunded', amountRefunded: 300 } });
  });

  it('refunds once when the first answer is lost and the client retries', async () => {
    const created = simulator.createPayment({ amount: 900 });
    simulator.injectFault({ kind: 'lose-answer' }, 1);
    const refund = await client().refund(created.id, 900, 'Application rejected', 'refund:app-2');
    expect(refund.amount).toBe(900);
    expect(simulator.requests().map((request) => request.idempotencyKey)).toEqual(['refund:app-2', 'refund:app-2']);
    expect(await client().getPayment(created.id)).toMatchObject({ found: true, payment: { amountRefunded: 900, status: 'refunded' } });
  });

  it('classifies a refused refund as permanent and an unknown payment as payment-not-found', async () => {
    const failed = simulator.createPayment({ amount: 300, status: 'failed' });
    expect(await failure(client().refund(failed.id, 300, 'Application rejected', 'refund:app-3'))).toMatchObject({
      code: 'payment-provider-rejected',
      retryable: false,
      httpStatus: 400,
    });
    expect(await failure(client().refund('pay_unknown', 300, 'Application rejected', 'refund:app-4'))).toMatchObject({ code: 'payment-not-found', retryable: false });
  });
});

describe('payment adapter definition', () => {
  it('validates options and builds a working client', async () => {
    expect(paymentAdapter.optionsSchema.safeParse({ baseUrl: 'ftp://pay.example', apiKey: 'k' }).success).toBe(false);
    expect(paymentAdapter.optionsSchema.safeParse({ baseUrl: simulator.url, apiKey: '' }).success).toBe(false);
    const created = simulator.createPayment({ amount: 300 });
    const built = paymentAdapter.create({ baseUrl: simulator.url, apiKey });
    expect((await built.getPayment(created.id)).found).toBe(true);
  });

  it('raises UpstreamError so the runner can classify payment failures like any other system', async () => {
    simulator.injectFault({ kind: 'status', status: 503 }, 3);
    const error = await failure(client().getPayment('pay_1'));
    expect(error).toBeInstanceOf(UpstreamError);
  });
});
