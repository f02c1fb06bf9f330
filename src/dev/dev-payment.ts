import { DEV_PAYMENT_API_KEY, DEV_PAYMENT_PROVIDER } from './dev-environment.js';

/** Where `npm start` runs the bundled payment simulator. */
export const DEFAULT_DEV_PAYMENT_URL = 'http://127.0.0.1:8091';

/**
 * Pays `amount` yen at the bundled payment simulator, as a resident would on the
 * provider's page before submitting, and returns the reference to submit.
 */
export async function payAtDevProvider(baseUrl: string, amount: number): Promise<{ provider: string; paymentId: string }> {
  const response = await fetch(`${baseUrl}/v1/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_PAYMENT_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount, currency: 'jpy', capture: true }),
  });
  const payment = (await response.json()) as { id?: string };
  if (response.status !== 201 || !payment.id) throw new Error(`the payment simulator at ${baseUrl} answered ${response.status}; is the gateway running (npm start)?`);
  return { provider: DEV_PAYMENT_PROVIDER, paymentId: payment.id };
}
