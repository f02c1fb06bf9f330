import type { Logger } from '../logger.js';
import { StorageUnavailableError } from '../store/store-errors.js';
import type { WebhookStore } from '../store/parts/webhook-store.js';

/** How often a start that could not tell the store its webhook clients tries again. */
const RETRY_MS = 5_000;

/**
 * Tells the store which clients have a webhook, so that it enqueues their
 * status changes. A store that cannot take writes now (read-only, full,
 * unreachable) must not stop the start: the gateway then answers 503 as it
 * should, keeps the clients of the previous start, and tries again until the
 * store takes it. Returns a function that stops trying.
 */
export async function registerWebhookClients(store: Pick<WebhookStore, 'setWebhookClients'>, clientIds: readonly string[], logger: Logger): Promise<() => void> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (): Promise<void> => {
    try {
      await store.setWebhookClients(clientIds);
      timer = undefined;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      logger.warn({ reason: error.reason }, 'the store cannot take the webhook clients now; trying again');
      timer = setTimeout(() => void attempt().catch((err: unknown) => logger.error({ err }, 'webhook clients not set')), RETRY_MS);
      timer.unref();
    }
  };
  await attempt();
  return () => clearTimeout(timer);
}
