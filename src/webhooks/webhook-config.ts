import { z } from 'zod';
import { secretBytes } from './webhook-signature.js';

/** Hosts an `http:` webhook may name: only this machine, for the dev profile and tests. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isAllowedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** Whether a webhook URL is plain http (allowed to loopback in the dev profile only). */
export function isPlainHttp(url: string): boolean {
  return url.startsWith('http:');
}

/**
 * A frontend client's status webhook (`clients[].webhook`): where every status
 * change of its applications is POSTed, the Standard Webhooks secret it is
 * signed with, and how long one attempt may take.
 */
export const ClientWebhookSchema = z
  .object({
    url: z.string().refine(isAllowedUrl, { error: 'an https URL without credentials (http only to 127.0.0.1 or localhost, in the dev profile)' }),
    secret: z.string().refine((value) => {
      const bytes = secretBytes(value);
      return bytes !== null && bytes.length >= 24 && bytes.length <= 64;
    }, { error: "a Standard Webhooks secret: 'whsec_' and the base64 of 24 to 64 random bytes" }),
    timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
  })
  .strict();
export type ClientWebhookConfig = z.infer<typeof ClientWebhookSchema>;

/** How the sender retries (`webhooks`): exponential backoff with full jitter, then the delivery is marked failed. */
export const WebhooksConfigSchema = z
  .object({
    /** Attempts before a delivery is marked failed (visible in its application's webhook deliveries). */
    maxAttempts: z.number().int().min(1).max(100).default(10),
    baseDelayMs: z.number().int().min(0).max(3_600_000).default(5_000),
    multiplier: z.number().min(1).max(10).default(3),
    maxDelayMs: z.number().int().min(0).max(86_400_000).default(3_600_000),
    /** Pause between looks at the outbox while idle. */
    pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
    /** Deliveries in flight at most, per process. */
    concurrency: z.number().int().min(1).max(64).default(4),
  })
  .strict();
export type WebhooksConfig = z.infer<typeof WebhooksConfigSchema>;
