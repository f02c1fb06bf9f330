import type { AuditEvent } from '../audit-types.js';
import type { DeliveryRecord, DeliveryStore } from '../parts/delivery-store.js';
import { requireApplication } from './application-writes.js';
import { insertAuditEntry } from './audit-rows.js';
import { prepared } from './prepared.js';
import { toDelivery, type DeliveryRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Deliveries in SQLite: table `deliveries`, listed in first-insert (rowid) order. */
export class SqliteDeliveryStore implements DeliveryStore {
  constructor(private readonly context: SqliteContext) {}

  upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void> {
    return this.context.write((db) => {
      requireApplication(db, delivery.applicationId);
      prepared(
        db,
        `INSERT INTO deliveries (application_id, system, message_id, state, attempts, last_error, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (application_id, system, message_id) DO UPDATE SET
           state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, updated_at = excluded.updated_at`,
      ).run(delivery.applicationId, delivery.system, delivery.messageId, delivery.state, delivery.attempts, delivery.lastError, delivery.updatedAt);
      if (audit) insertAuditEntry(db, audit);
    });
  }

  async listDeliveries(applicationId: string): Promise<DeliveryRecord[]> {
    const rows = prepared(this.context.db, 'SELECT * FROM deliveries WHERE application_id = ? ORDER BY rowid').all(applicationId) as DeliveryRow[];
    return rows.map(toDelivery);
  }
}
