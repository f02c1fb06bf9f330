import type { AuditEvent } from '../audit-types.js';

/** Delivery state of one message to one system, shown in the application status. */
export interface DeliveryRecord {
  applicationId: string;
  system: string;
  messageId: string;
  state: 'pending' | 'sent' | 'acknowledged' | 'failed' | 'dead';
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

/**
 * The store part for delivery states of messages to other systems.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Deliveries are upserted by `(applicationId, system, messageId)` and
 *   listed in first-insert order; `upsertDelivery` needs an existing
 *   application (`application-not-found`).
 */
export interface DeliveryStore {
  /** Records a delivery's state; `audit` is appended in the same transaction. */
  upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void>;
  listDeliveries(applicationId: string): Promise<DeliveryRecord[]>;
}
