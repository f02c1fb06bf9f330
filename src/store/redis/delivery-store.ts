import type { AuditEvent } from '../audit-types.js';
import type { DeliveryRecord, DeliveryStore } from '../parts/delivery-store.js';
import { applicationNotFound } from '../store-errors.js';
import { compositeField } from './keys.js';
import { upsertDeliveryScript } from './record-scripts.js';
import type { RedisContext } from './redis-context.js';

/** Deliveries in Redis: a `deliveries:<id>` hash of JSON records and a `delivery-order:<id>` list of first inserts. */
export class RedisDeliveryStore implements DeliveryStore {
  constructor(private readonly context: RedisContext) {}

  async upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void> {
    const record: DeliveryRecord = {
      applicationId: delivery.applicationId,
      system: delivery.system,
      messageId: delivery.messageId,
      state: delivery.state,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      updatedAt: delivery.updatedAt,
    };
    const field = compositeField(delivery.system, delivery.messageId);
    const { result: upserted } = await this.context.runAudited(upsertDeliveryScript, [delivery.applicationId, field, JSON.stringify(record)], audit);
    if (upserted === 0) throw applicationNotFound(delivery.applicationId);
  }

  async listDeliveries(applicationId: string): Promise<DeliveryRecord[]> {
    const { redis, keys } = this.context;
    const fields = await redis.lrange(keys.deliveryOrder(applicationId), 0, -1);
    if (fields.length === 0) return [];
    const records = await redis.hmget(keys.deliveries(applicationId), ...fields);
    return records.flatMap((record) => (record === null ? [] : [JSON.parse(record) as DeliveryRecord]));
  }
}
