import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../parts/idempotency-store.js';
import { abandonIdempotentScript, beginIdempotentScript, completeIdempotentScript, purgeExpiredIdempotencyScript } from './idempotency-scripts.js';
import { compositeField } from './keys.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** Idempotency records in Redis: one script per operation (`idempotency-scripts.ts`). */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly context: RedisContext) {}

  async beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin> {
    const result = await this.context.run(beginIdempotentScript, [compositeField(clientId, key), requestHash, millis(now), millis(expiresAt), now, expiresAt]);
    if (Array.isArray(result)) return { outcome: 'completed', response: JSON.parse(String(result[1])) as StoredResponse };
    return { outcome: result as 'started' | 'in-flight' | 'mismatch' };
  }

  async completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void> {
    await this.context.run(completeIdempotentScript, [compositeField(clientId, key), JSON.stringify(response), expiresAt ?? '', expiresAt ? millis(expiresAt) : '']);
  }

  async abandonIdempotent(clientId: string, key: string): Promise<void> {
    await this.context.run(abandonIdempotentScript, [compositeField(clientId, key)]);
  }

  async purgeExpiredIdempotency(now: string): Promise<number> {
    return Number(await this.context.run(purgeExpiredIdempotencyScript, [millis(now)]));
  }
}
