import type { WebhookAttemptOutcome, WebhookDelivery, WebhookStore } from '../parts/webhook-store.js';
import type { PostgresContext } from './postgres-context.js';
import { leaseWebhookDeliveries, listWebhookDeliveries, recordWebhookAttempt, setWebhookClients } from './webhook-deliveries.js';

/** Status webhooks in PostgreSQL (statements in `webhook-deliveries.ts`; the outbox is filled by a trigger on `timeline`). */
export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly context: PostgresContext) {}

  setWebhookClients(clientIds: readonly string[]): Promise<void> {
    return this.context.transaction((tx) => setWebhookClients(tx, clientIds));
  }

  leaseWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]> {
    return this.context.transaction((tx) => leaseWebhookDeliveries(tx, now, leaseUntil, limit));
  }

  recordWebhookAttempt(webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean> {
    return this.context.transaction((tx) => recordWebhookAttempt(tx, webhookId, attemptsBefore, outcome));
  }

  listWebhookDeliveries(applicationId: string): Promise<WebhookDelivery[]> {
    return listWebhookDeliveries(this.context.sql, applicationId);
  }
}
