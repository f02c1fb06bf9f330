import type { WebhookAttemptOutcome, WebhookDelivery, WebhookStore } from '../parts/webhook-store.js';
import type { SqliteContext } from './sqlite-context.js';
import { leaseWebhookDeliveries, listWebhookDeliveries, recordWebhookAttempt, setWebhookClients } from './webhook-deliveries.js';

/** Status webhooks in SQLite (migration 13 and statements in `webhook-deliveries.ts`; the outbox is filled by a trigger on `timeline`). */
export class SqliteWebhookStore implements WebhookStore {
  constructor(private readonly context: SqliteContext) {}

  setWebhookClients(clientIds: readonly string[]): Promise<void> {
    return this.context.write((db) => setWebhookClients(db, clientIds));
  }

  leaseWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]> {
    return this.context.write((db) => leaseWebhookDeliveries(db, now, leaseUntil, limit));
  }

  recordWebhookAttempt(webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean> {
    return this.context.write((db) => recordWebhookAttempt(db, webhookId, attemptsBefore, outcome));
  }

  async listWebhookDeliveries(applicationId: string): Promise<WebhookDelivery[]> {
    return listWebhookDeliveries(this.context.db, applicationId);
  }
}
