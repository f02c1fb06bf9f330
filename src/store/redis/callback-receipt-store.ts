import type { CallbackReceipt, CallbackReceiptStore } from '../parts/callback-receipt-store.js';
import { recordCallbackReceiptScript } from './callback-receipt-scripts.js';
import { compositeField } from './keys.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** Callback receipts in Redis: `callback-receipt:[system,id]` strings whose TTL (keepUntil − now) purges them. */
export class RedisCallbackReceiptStore implements CallbackReceiptStore {
  constructor(private readonly context: RedisContext) {}

  /** One script compares the stored time, so the caller's clock decides as in SQLite. */
  async recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt> {
    return (await this.context.run(recordCallbackReceiptScript, [compositeField(system, receiptId), millis(now), millis(keepUntil)])) as CallbackReceipt;
  }

  async forgetCallbackReceipt(system: string, receiptId: string): Promise<void> {
    await this.context.redis.del(this.context.keys.callbackReceipt(system, receiptId));
  }
}
