import type { AuditEvent } from '../audit-types.js';
import type { DeliveryRecord, DeliveryStore } from '../parts/delivery-store.js';
import { toDelivery, type DeliveryRow } from '../rows.js';
import { requireApplication } from './application-writes.js';
import { audited } from './audit-rows.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Deliveries in PostgreSQL: table `deliveries`, listed in first-insert order
 * by its identity column `seq` (SQLite's rowid). The upsert is one
 * `INSERT … ON CONFLICT DO UPDATE`, so two processes recording the same
 * delivery at once both succeed, the later one's state winning; the row
 * keeps the `seq` of its first insert.
 */
export class PostgresDeliveryStore implements DeliveryStore {
  constructor(private readonly context: PostgresContext) {}

  upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void> {
    return this.context.transaction(async (tx) => {
      await requireApplication(tx, delivery.applicationId);
      await tx`
        INSERT INTO deliveries (application_id, system, message_id, state, attempts, last_error, updated_at)
        VALUES (${delivery.applicationId}, ${delivery.system}, ${delivery.messageId}, ${delivery.state}, ${delivery.attempts},
          ${delivery.lastError}, ${delivery.updatedAt})
        ON CONFLICT (application_id, system, message_id) DO UPDATE SET
          state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, updated_at = excluded.updated_at`;
      await audited(tx, true, audit);
    });
  }

  async listDeliveries(applicationId: string): Promise<DeliveryRecord[]> {
    const rows = await this.context.sql<DeliveryRow[]>`SELECT * FROM deliveries WHERE application_id = ${applicationId} ORDER BY seq`;
    return rows.map(toDelivery);
  }
}
