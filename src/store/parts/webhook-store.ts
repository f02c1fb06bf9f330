/**
 * The store part for status webhooks: an outbox of status changes to push to
 * the frontend that submitted the application. A delivery is enqueued by the
 * store itself, in the same transaction (SQLite trigger) or script (Redis) as
 * the timeline entry that changed the status, so no status change is lost
 * between the write and the push. Only applications of clients named by
 * `setWebhookClients` get deliveries.
 *
 * Per application, deliveries go out in the order of the status changes: only
 * the oldest pending one of an application is ever leased, so a receiver that
 * is down holds back that application's later changes until the oldest is
 * delivered or has failed for good.
 */

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

/** One status change to push, and how pushing it went. Holds no personal data. */
export interface WebhookDelivery {
  /** Stable across the retries of this one change (Standard Webhooks `webhook-id`): receivers dedupe on it. */
  webhookId: string;
  applicationId: string;
  clientId: string;
  procedureId: string;
  /** The status the application reached, and when (the timeline entry's `at`). */
  status: string;
  at: string;
  state: WebhookDeliveryState;
  /** Attempts made (sent, answered or not). */
  attempts: number;
  /** HTTP status of the last answer; null before one or when none came (refused, timed out). */
  lastStatusCode: number | null;
  /** Why the last attempt failed (`status 500`, `timeout`, `connection refused` …); null when none did. */
  lastError: string | null;
  /** When it is tried next; null once delivered or failed. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** What one attempt came to; `failed` gives up for good. */
export type WebhookAttemptOutcome =
  | { kind: 'delivered'; statusCode: number; at: string }
  | { kind: 'retry'; statusCode: number | null; error: string; nextAttemptAt: string }
  | { kind: 'failed'; statusCode: number | null; error: string };

export interface WebhookStore {
  /** The clients with a webhook (from configuration); status changes of other clients' applications enqueue nothing. */
  setWebhookClients(clientIds: readonly string[]): Promise<void>;
  /**
   * Pending deliveries due at `now`, each the oldest pending one of its
   * application, at most `limit`; each is pushed back to `leaseUntil` so that
   * no other sender takes it meanwhile, and comes back after it when the
   * sender dies mid-way.
   */
  leaseWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Records an attempt, only while the delivery is pending with
   * `attemptsBefore` attempts (the ones the sender leased it with); false when
   * another sender recorded one meanwhile.
   */
  recordWebhookAttempt(webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean>;
  /** An application's deliveries, oldest first. */
  listWebhookDeliveries(applicationId: string): Promise<WebhookDelivery[]>;
}
