import type { WebhookAttemptOutcome, WebhookDelivery, WebhookDeliveryState, WebhookStore } from '../parts/webhook-store.js';
import type { RedisContext } from './redis-context.js';
import { leaseWebhookDeliveriesScript, recordWebhookAttemptScript, setWebhookClientsScript } from './webhook-scripts.js';

/**
 * Status webhooks in Redis: `webhook:<id>` hashes, written by the scripts in
 * `webhook-scripts.ts`; deliveries are enqueued by `enqueue_status_webhook`
 * (`webhook-lua.ts`), called from the timeline-appending scripts.
 */
export class RedisWebhookStore implements WebhookStore {
  constructor(private readonly context: RedisContext) {}

  async setWebhookClients(clientIds: readonly string[]): Promise<void> {
    await this.context.run(setWebhookClientsScript, [...clientIds]);
  }

  async leaseWebhookDeliveries(now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]> {
    const replies = (await this.context.run(leaseWebhookDeliveriesScript, [Date.parse(now), leaseUntil, Date.parse(leaseUntil), limit])) as string[][];
    return replies.map((flat) => toDelivery(pairs(flat)));
  }

  async recordWebhookAttempt(webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean> {
    const statusCode = outcome.statusCode === null ? '' : outcome.statusCode;
    const args =
      outcome.kind === 'delivered'
        ? [webhookId, attemptsBefore, 'delivered', statusCode, '', '', '', outcome.at]
        : outcome.kind === 'retry'
          ? [webhookId, attemptsBefore, 'retry', statusCode, outcome.error, outcome.nextAttemptAt, Date.parse(outcome.nextAttemptAt), '']
          : [webhookId, attemptsBefore, 'failed', statusCode, outcome.error, '', '', ''];
    return (await this.context.run(recordWebhookAttemptScript, args)) === 1;
  }

  async listWebhookDeliveries(applicationId: string): Promise<WebhookDelivery[]> {
    const { redis, keys } = this.context;
    const ids = await redis.zrange(keys.applicationWebhooks(applicationId), '0', '-1');
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.webhook(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([error, hash]) => {
      if (error) throw error;
      const record = hash as Record<string, string>;
      return record.webhookId === undefined ? [] : [toDelivery(record)];
    });
  }
}

function pairs(flat: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i]!] = flat[i + 1]!;
  return record;
}

const orNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);

function toDelivery(record: Record<string, string>): WebhookDelivery {
  const code = orNull(record.lastStatusCode);
  return {
    webhookId: record.webhookId ?? '',
    applicationId: record.applicationId ?? '',
    clientId: record.clientId ?? '',
    procedureId: record.procedureId ?? '',
    status: record.status ?? '',
    at: record.at ?? '',
    state: (record.state ?? 'pending') as WebhookDeliveryState,
    attempts: Number(record.attempts ?? 0),
    lastStatusCode: code === null ? null : Number(code),
    lastError: orNull(record.lastError),
    nextAttemptAt: orNull(record.nextAttemptAt),
    deliveredAt: orNull(record.deliveredAt),
  };
}
