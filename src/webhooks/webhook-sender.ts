import type { Logger } from '../logger.js';
import { backoffDelayMs } from '../runner/retry-policy.js';
import { StorageUnavailableError } from '../store/store-errors.js';
import type { WebhookAttemptOutcome, WebhookDelivery, WebhookStore } from '../store/parts/webhook-store.js';
import type { ClientWebhookConfig, WebhooksConfig } from './webhook-config.js';
import { webhookBody } from './webhook-payload.js';
import { postWebhook, type PostResult } from './post-webhook.js';

export interface WebhookSenderOptions {
  store: Pick<WebhookStore, 'leaseWebhookDeliveries' | 'recordWebhookAttempt'>;
  /** Each frontend client's webhook, by client id. */
  targets: ReadonlyMap<string, ClientWebhookConfig>;
  config: WebhooksConfig;
  clock: () => Date;
  logger: Logger;
  random?: () => number;
}

/** Margin of a lease beyond the slowest attempt, so a lease never lapses while its attempt still runs. */
const LEASE_MARGIN_MS = 10_000;

/**
 * Pushes status changes from the store's outbox to the frontends' webhooks:
 * at least once (a delivery is recorded only after its attempt; a sender that
 * dies mid-way leaves the lease to lapse and the delivery is sent again, with
 * the same webhook-id), with exponential backoff between attempts, and
 * marked failed after `maxAttempts`. Ordered per application by the store.
 */
export class WebhookSender {
  readonly #options: WebhookSenderOptions;
  readonly #leaseMs: number;
  readonly #random: () => number;
  #loop: Promise<void> | null = null;
  #running = false;
  #wake: (() => void) | null = null;

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
    this.#leaseMs = Math.max(0, ...[...options.targets.values()].map((target) => target.timeoutMs)) + LEASE_MARGIN_MS;
  }

  /** Starts sending in the background; nothing when no client has a webhook. */
  start(): void {
    if (this.#running || this.#options.targets.size === 0) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops taking deliveries and waits for the attempts in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  /** Sends one batch of due deliveries and records each attempt; returns how many it sent. */
  async runOnce(): Promise<number> {
    const now = this.#options.clock();
    const leased = await this.#options.store.leaseWebhookDeliveries(
      now.toISOString(),
      new Date(now.getTime() + this.#leaseMs).toISOString(),
      this.#options.config.concurrency,
    );
    await Promise.all(leased.map((delivery) => this.#attempt(delivery)));
    return leased.length;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let sent = 0;
      try {
        sent = await this.runOnce();
      } catch (error) {
        if (!(error instanceof StorageUnavailableError)) this.#options.logger.error({ err: error }, 'webhook round failed');
      }
      if (sent < this.#options.config.concurrency && this.#running) await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#options.config.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const { clock, logger, store, targets } = this.#options;
    const target = targets.get(delivery.clientId);
    const result: PostResult = target
      ? await postWebhook(target, delivery.webhookId, webhookBody(delivery), clock())
      : { answered: false, error: 'no webhook configured for the client' };
    const outcome = this.#outcomeOf(delivery, result, target !== undefined);
    const recorded = await store.recordWebhookAttempt(delivery.webhookId, delivery.attempts, outcome);
    const facts = { webhookId: delivery.webhookId, clientId: delivery.clientId, attempts: delivery.attempts + 1, outcome: outcome.kind, statusCode: outcome.statusCode };
    if (!recorded) logger.warn(facts, 'webhook attempt not recorded: another sender recorded one meanwhile');
    else if (outcome.kind === 'failed') logger.warn({ ...facts, error: outcome.error }, 'webhook delivery failed for good');
    else logger.debug(facts, 'webhook attempt');
  }

  #outcomeOf(delivery: WebhookDelivery, result: PostResult, configured: boolean): WebhookAttemptOutcome {
    const now = this.#options.clock();
    if (result.answered && result.statusCode >= 200 && result.statusCode < 300) return { kind: 'delivered', statusCode: result.statusCode, at: now.toISOString() };
    const statusCode = result.answered ? result.statusCode : null;
    const error = result.answered ? `status ${result.statusCode}` : result.error;
    const attempts = delivery.attempts + 1;
    const { config } = this.#options;
    if (!configured || attempts >= config.maxAttempts) return { kind: 'failed', statusCode, error };
    const delayMs = backoffDelayMs({ ...config, quickRetries: 0, quickDelayMs: 0 }, attempts, this.#random);
    return { kind: 'retry', statusCode, error, nextAttemptAt: new Date(now.getTime() + delayMs).toISOString() };
  }
}
