import type { Redis } from 'ioredis';
import type { WebhookAttemptOutcome, WebhookDelivery, WebhookDeliveryState } from '../webhook-store.js';
import type { RedisKeys } from './keys.js';
import type { LuaScript } from './lua-script.js';
import { leaseWebhookDeliveriesScript, recordWebhookAttemptScript, setWebhookClientsScript } from './webhook-scripts.js';

/** Status webhooks in Redis: `webhook:<id>` hashes, written by the scripts in `webhook-scripts.ts`. */
export class RedisWebhooks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly run: (script: LuaScript, args: Array<string | number>) => Promise<unknown>,
  ) {}

  async setClients(clientIds: readonly string[]): Promise<void> {
    await this.run(setWebhookClientsScript, [...clientIds]);
  }

  async lease(now: string, leaseUntil: string, limit: number): Promise<WebhookDelivery[]> {
    const replies = (await this.run(leaseWebhookDeliveriesScript, [Date.parse(now), leaseUntil, Date.parse(leaseUntil), limit])) as string[][];
    return replies.map((flat) => toDelivery(pairs(flat)));
  }

  async record(webhookId: string, attemptsBefore: number, outcome: WebhookAttemptOutcome): Promise<boolean> {
    const statusCode = outcome.statusCode === null ? '' : outcome.statusCode;
    const args =
      outcome.kind === 'delivered'
        ? [webhookId, attemptsBefore, 'delivered', statusCode, '', '', '', outcome.at]
        : outcome.kind === 'retry'
          ? [webhookId, attemptsBefore, 'retry', statusCode, outcome.error, outcome.nextAttemptAt, Date.parse(outcome.nextAttemptAt), '']
          : [webhookId, attemptsBefore, 'failed', statusCode, outcome.error, '', '', ''];
    return (await this.run(recordWebhookAttemptScript, args)) === 1;
  }

  async list(applicationId: string): Promise<WebhookDelivery[]> {
    const ids = await this.redis.zrange(this.keys.applicationWebhooks(applicationId), '0', '-1');
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.webhook(id));
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
