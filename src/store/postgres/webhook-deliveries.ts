import type { WebhookAttemptOutcome, WebhookDelivery } from '../parts/webhook-store.js';
import { toWebhookDelivery, type WebhookDeliveryRow } from '../rows.js';
import type { Query } from './postgres-context.js';

/**
 * Status webhooks in PostgreSQL. The trigger `timeline_enqueues_webhook`
 * (schema migration 1) enqueues a delivery in the transaction that appends a
 * status-changing timeline entry for a client in `webhook_clients`, as the
 * SQLite trigger does. Each function runs inside the caller's transaction.
 */

export async function setWebhookClients(tx: Query, clientIds: readonly string[]): Promise<void> {
  // Every process sets the same list at start: one lock orders them, so the table never ends up with a mix.
  await tx`LOCK TABLE webhook_clients IN EXCLUSIVE MODE`;
  await tx`DELETE FROM webhook_clients`;
  if (clientIds.length > 0) await tx`INSERT INTO webhook_clients (client_id) SELECT jsonb_array_elements_text(${tx.json([...clientIds])}) ON CONFLICT DO NOTHING`;
}

/**
 * Leases the due deliveries, oldest first, one per application at a time (the
 * next waits for the earlier one). SKIP LOCKED: two processes leasing at once
 * take disjoint deliveries; the lease moves `next_attempt_at` past `now`.
 */
export async function leaseWebhookDeliveries(tx: Query, now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]> {
  const rows = await tx<WebhookDeliveryRow[]>`
    SELECT * FROM webhook_deliveries d WHERE state = 'pending' AND next_attempt_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.application_id = d.application_id AND e.state = 'pending' AND e.seq < d.seq)
    ORDER BY next_attempt_at, seq LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  if (rows.length > 0) await tx`UPDATE webhook_deliveries SET next_attempt_at = ${leaseUntil} WHERE webhook_id IN ${tx(rows.map((row) => row.webhook_id))}`;
  return rows.map((row) => ({ ...toWebhookDelivery(row), nextAttemptAt: leaseUntil }));
}

/** Records an attempt by compare-and-set on the attempts counted before it: a late second sender changes nothing. */
export async function recordWebhookAttempt(tx: Query, webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean> {
  if (outcome.kind === 'delivered') {
    const result = await tx`
      UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, last_status_code = ${outcome.statusCode}, last_error = NULL,
        next_attempt_at = NULL, delivered_at = ${outcome.at}
      WHERE webhook_id = ${webhookId} AND state = 'pending' AND attempts = ${attemptsBefore}`;
    return result.count === 1;
  }
  const retry = outcome.kind === 'retry';
  const result = await tx`
    UPDATE webhook_deliveries SET state = ${retry ? 'pending' : 'failed'}, attempts = attempts + 1, last_status_code = ${outcome.statusCode},
      last_error = ${outcome.error}, next_attempt_at = ${retry ? outcome.nextAttemptAt : null}
    WHERE webhook_id = ${webhookId} AND state = 'pending' AND attempts = ${attemptsBefore}`;
  return result.count === 1;
}

export async function listWebhookDeliveries(sql: Query, applicationId: string): Promise<WebhookDelivery[]> {
  const rows = await sql<WebhookDeliveryRow[]>`SELECT * FROM webhook_deliveries WHERE application_id = ${applicationId} ORDER BY seq`;
  return rows.map(toWebhookDelivery);
}
