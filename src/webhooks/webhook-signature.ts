import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key bytes of a Standard Webhooks secret (`whsec_` + base64), or null when it is not one. */
export function secretBytes(secret: string): Buffer | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return null;
  return Buffer.from(encoded, 'base64');
}

/** The headers of one signed attempt, as Standard Webhooks defines them; `timestamp` in seconds. */
export function webhookHeaders(key: Buffer, webhookId: string, timestamp: number, body: string): Record<string, string> {
  const signature = createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}
