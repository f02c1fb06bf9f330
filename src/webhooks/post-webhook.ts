import type { ClientWebhookConfig } from './webhook-config.js';
import { secretBytes, webhookHeaders } from './webhook-signature.js';

/** What one POST came to: an answer (any status), or none (timeout, refused, reset …). */
export type PostResult = { answered: true; statusCode: number } | { answered: false; error: string };

/**
 * POSTs one signed webhook. Redirects are not followed (a 3xx is an answer
 * that is not a success), and the answer's body is not read beyond discarding it.
 */
export async function postWebhook(target: ClientWebhookConfig, webhookId: string, body: string, now: Date): Promise<PostResult> {
  const headers = webhookHeaders(secretBytes(target.secret)!, webhookId, Math.floor(now.getTime() / 1000), body);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Kakehashi-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return { answered: true, statusCode: response.status };
  } catch (error) {
    return { answered: false, error: describeFailure(error) };
  }
}

/** A short reason without the URL or anything the receiver sent. */
function describeFailure(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `connection failed (${cause.code})` : 'connection failed';
}
