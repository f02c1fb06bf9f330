import type Database from 'better-sqlite3';
import type { WebhookAttemptOutcome, WebhookDelivery } from '../parts/webhook-store.js';
import { toWebhookDelivery as toDelivery, type WebhookDeliveryRow as DeliveryRow } from '../rows.js';
import type { Migration } from './migrations.js';
import { prepared } from './prepared.js';

/**
 * Status webhooks in SQLite. A trigger on `timeline` enqueues a delivery in
 * the very transaction that appends the entry, whichever write appends it
 * (`createApplication`, `appendTimeline`, `saveReview`), when the entry
 * changes the status and the application's client is in `webhook_clients`.
 * The id is the timeline row's `seq`, so it is stable and orders the
 * application's deliveries. Each function runs inside one write.
 */
export const WEBHOOK_MIGRATION: Migration = {
  version: 13,
  description: 'status webhooks: the clients that have one, and the outbox of deliveries filled by a trigger on the timeline',
  sql: `
    CREATE TABLE webhook_clients (client_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
    CREATE TABLE webhook_deliveries (
      webhook_id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      application_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      procedure_id TEXT NOT NULL,
      status TEXT NOT NULL,
      at TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_status_code INTEGER,
      last_error TEXT,
      next_attempt_at TEXT,
      delivered_at TEXT
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX webhook_deliveries_by_application ON webhook_deliveries(application_id, seq);
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
    CREATE TRIGGER timeline_enqueues_webhook AFTER INSERT ON timeline
    WHEN EXISTS (SELECT 1 FROM applications a JOIN webhook_clients w ON w.client_id = a.client_id WHERE a.id = NEW.application_id)
      AND NEW.status IS NOT (SELECT status FROM timeline WHERE application_id = NEW.application_id AND seq < NEW.seq ORDER BY seq DESC LIMIT 1)
    BEGIN
      INSERT OR IGNORE INTO webhook_deliveries (webhook_id, seq, application_id, client_id, procedure_id, status, at, state, next_attempt_at)
        SELECT 'msg_' || NEW.application_id || '_' || NEW.seq, NEW.seq, a.id, a.client_id, a.procedure_id, NEW.status, NEW.at, 'pending', NEW.at
        FROM applications a WHERE a.id = NEW.application_id;
    END;
  `,
};

export function setWebhookClients(db: Database.Database, clientIds: readonly string[]): void {
  prepared(db, 'DELETE FROM webhook_clients').run();
  const insert = prepared(db, 'INSERT OR IGNORE INTO webhook_clients (client_id) VALUES (?)');
  for (const id of clientIds) insert.run(id);
}

export function leaseWebhookDeliveries(db: Database.Database, now: string, leaseUntil: string, limit: number): WebhookDelivery[] {
  const rows = prepared(
    db,
    `SELECT * FROM webhook_deliveries d WHERE state = 'pending' AND next_attempt_at <= ?
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.application_id = d.application_id AND e.state = 'pending' AND e.seq < d.seq)
     ORDER BY next_attempt_at, seq LIMIT ?`,
  ).all(now, limit) as DeliveryRow[];
  const lease = prepared(db, 'UPDATE webhook_deliveries SET next_attempt_at = ? WHERE webhook_id = ?');
  for (const row of rows) lease.run(leaseUntil, row.webhook_id);
  return rows.map((row) => ({ ...toDelivery(row), nextAttemptAt: leaseUntil }));
}

export function recordWebhookAttempt(db: Database.Database, webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): boolean {
  const where = "WHERE webhook_id = @webhookId AND state = 'pending' AND attempts = @attemptsBefore";
  const keys = { webhookId, attemptsBefore };
  if (outcome.kind === 'delivered') {
    return (
      prepared(
        db,
        `UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, last_status_code = @statusCode, last_error = NULL,
           next_attempt_at = NULL, delivered_at = @at ${where}`,
      ).run({ ...keys, statusCode: outcome.statusCode, at: outcome.at }).changes === 1
    );
  }
  const retry = outcome.kind === 'retry';
  return (
    prepared(
      db,
      `UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, last_status_code = @statusCode, last_error = @error,
         next_attempt_at = @nextAttemptAt ${where}`,
    ).run({
      ...keys,
      state: retry ? 'pending' : 'failed',
      statusCode: outcome.statusCode,
      error: outcome.error,
      nextAttemptAt: retry ? outcome.nextAttemptAt : null,
    }).changes === 1
  );
}

export function listWebhookDeliveries(db: Database.Database, applicationId: string): WebhookDelivery[] {
  return (prepared(db, 'SELECT * FROM webhook_deliveries WHERE application_id = ? ORDER BY seq').all(applicationId) as DeliveryRow[]).map(toDelivery);
}
