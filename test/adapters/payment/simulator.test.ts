import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorWireSchema, PaymentWireSchema, RefundWireSchema } from '../../../adapters/payment/wire.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../../adapters/payment/simulator/index.js';

const apiKey = 'sk_test_simulator';
const fixedNow = new Date('2025-04-01T09:30:00Z');
let simulator: PaymentSimulator;

beforeEach(async () => {
  simulator = await startPaymentSimulator({ apiKey, clock: () => fixedNow });
});
afterEach(async () => {
  await simulator.close();
});

function call(path: string, init: { method?: string; body?: unknown; key?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${simulator.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.key ?? apiKey}`, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

describe('payment simulator', () => {
  it('creates a captured payment and answers it by id in the documented shape', async () => {
    const created = await call('/v1/payments', { method: 'POST', body: { amount: 300, currency: 'jpy', capture: true, metadata: { procedure: 'juminhyo-copy' } } });
    expect(created.status).toBe(201);
    const payment = PaymentWireSchema.parse(await created.json());
    expect(payment).toMatchObject({ amount: 300, currency: 'jpy', status: 'captured', captured_at: fixedNow.getTime() / 1000, metadata: { procedure: 'juminhyo-copy' } });

    const fetched = await call(`/v1/payments/${payment.id}`);
    expect(fetched.status).toBe(200);
    expect(PaymentWireSchema.parse(await fetched.json())).toEqual(payment);
  });

  it('authorizes without capture, then captures on request', async () => {
    const created = PaymentWireSchema.parse(await (await call('/v1/payments', { method: 'POST', body: { amount: 300 } })).json());
    expect(created).toMatchObject({ status: 'authorized', captured_at: null, currency: 'jpy' });
    const captured = await call(`/v1/payments/${created.id}/capture`, { method: 'POST' });
    expect(PaymentWireSchema.parse(await captured.json()).status).toBe('captured');
    const again = await call(`/v1/payments/${created.id}/capture`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(ErrorWireSchema.parse(await again.json()).error.code).toBe('payment_not_capturable');
  });

  it('refuses a wrong or missing key with 401 and a JSON error', async () => {
    const payment = simulator.createPayment({ amount: 300 });
    const wrong = await call(`/v1/payments/${payment.id}`, { key: 'sk_test_other' });
    expect(wrong.status).toBe(401);
    expect(ErrorWireSchema.parse(await wrong.json()).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const missing = await fetch(`${simulator.url}/v1/payments/${payment.id}`);
    expect(missing.status).toBe(401);
  });

  it('answers 404 resource_missing for an unknown payment and unrecognized_request_url for an unknown path', async () => {
    const unknown = await call('/v1/payments/pay_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(ErrorWireSchema.parse(await unknown.json()).error.code).toBe('resource_missing');
    const path = await call('/v1/charges');
    expect(path.status).toBe(404);
    expect(ErrorWireSchema.parse(await path.json()).error.code).toBe('unrecognized_request_url');
  });

  it('refuses invalid bodies with 400 and oversized ones with 413', async () => {
    const malformed = await call('/v1/payments', { method: 'POST', body: '{"amount":' });
    expect(malformed.status).toBe(400);
    const negative = await call('/v1/payments', { method: 'POST', body: { amount: -1 } });
    expect(ErrorWireSchema.parse(await negative.json()).error.code).toBe('parameter_invalid');
    const polluted = await call('/v1/payments', { method: 'POST', body: '{"amount":300,"__proto__":{"capture":true}}' });
    expect(polluted.status).toBe(400);
    const huge = await call('/v1/payments', { method: 'POST', body: JSON.stringify({ amount: 300, metadata: { note: 'x'.repeat(100_000) } }) });
    expect(huge.status).toBe(413);
  });

  it('refunds once per idempotency key and replays the first answer', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    const headers = { 'idempotency-key': 'refund-app-1' };
    const first = await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: { amount: 900, reason: 'rejected' }, headers });
    const second = await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: { amount: 900, reason: 'rejected' }, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const refund = RefundWireSchema.parse(await first.json());
    expect(RefundWireSchema.parse(await second.json()).id).toBe(refund.id);
    expect(refund).toMatchObject({ payment: payment.id, amount: 900, status: 'succeeded', reason: 'rejected' });

    const after = PaymentWireSchema.parse(await (await call(`/v1/payments/${payment.id}`)).json());
    expect(after).toMatchObject({ status: 'refunded', amount_refunded: 900 });

    const reused = await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: { amount: 100 }, headers });
    expect(reused.status).toBe(400);
    expect(ErrorWireSchema.parse(await reused.json()).error.type).toBe('idempotency_error');
  });

  it('refunds partially, then refuses more than what is left and anything not captured', async () => {
    const payment = simulator.createPayment({ amount: 900 });
    const partial = await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: { amount: 300 } });
    expect(partial.status).toBe(201);
    expect(PaymentWireSchema.parse(await (await call(`/v1/payments/${payment.id}`)).json()).status).toBe('partially_refunded');
    const tooMuch = await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: { amount: 700 } });
    expect(ErrorWireSchema.parse(await tooMuch.json()).error.code).toBe('amount_too_large');
    const rest = RefundWireSchema.parse(await (await call(`/v1/payments/${payment.id}/refunds`, { method: 'POST', body: {} })).json());
    expect(rest.amount).toBe(600);

    const failed = simulator.createPayment({ amount: 300, status: 'failed' });
    const refused = await call(`/v1/payments/${failed.id}/refunds`, { method: 'POST', body: {} });
    expect(refused.status).toBe(400);
    expect(ErrorWireSchema.parse(await refused.json()).error.code).toBe('payment_not_refundable');
  });

  it('shows injected faults on the next requests only, and records every request', async () => {
    const payment = simulator.createPayment({ amount: 300 });
    simulator.injectFault({ kind: 'status', status: 503 }, 2);
    expect((await call(`/v1/payments/${payment.id}`)).status).toBe(503);
    expect((await call(`/v1/payments/${payment.id}`)).status).toBe(503);
    expect((await call(`/v1/payments/${payment.id}`)).status).toBe(200);
    simulator.injectFault({ kind: 'body', body: '{"id":' });
    expect(await (await call(`/v1/payments/${payment.id}`)).text()).toBe('{"id":');
    simulator.injectFault({ kind: 'reset' });
    await expect(call(`/v1/payments/${payment.id}`)).rejects.toThrow();
    expect(simulator.requests()).toHaveLength(5);
  });

  it('closes promptly while a request hangs', async () => {
    simulator.injectFault({ kind: 'hang' });
    const hanging = call('/v1/payments/pay_x').catch((error: unknown) => error);
    await expect.poll(() => simulator.requests().length).toBe(1);
    await simulator.close();
    expect(await hanging).toBeInstanceOf(Error);
    simulator = await startPaymentSimulator({ apiKey });
  });
});
