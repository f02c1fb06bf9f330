import type { CallbackReceipt, CallbackReceiptStore } from '../parts/callback-receipt-store.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Callback receipts in PostgreSQL: table `callback_receipts`, expired rows
 * deleted by the next `recordCallbackReceipt`. The receipt itself is one
 * `INSERT … ON CONFLICT` on `(system, receipt_id)`: of two processes
 * recording one id at once, the second waits for the first's row and finds
 * it, so exactly one is `recorded`. The conflict branch takes over a row
 * that expired at the caller's `now` but was not purged (written by a
 * process after this one's purge read), so the caller's clock decides, as
 * in SQLite and Redis.
 */
export class PostgresCallbackReceiptStore implements CallbackReceiptStore {
  constructor(private readonly context: PostgresContext) {}

  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt> {
    return this.context.transaction(async (tx): Promise<CallbackReceipt> => {
      await tx`DELETE FROM callback_receipts WHERE keep_until <= ${now}`;
      const recorded = await tx`
        INSERT INTO callback_receipts (system, receipt_id, received_at, keep_until) VALUES (${system}, ${receiptId}, ${now}, ${keepUntil})
        ON CONFLICT (system, receipt_id) DO UPDATE SET received_at = excluded.received_at, keep_until = excluded.keep_until
          WHERE callback_receipts.keep_until <= excluded.received_at`;
      return recorded.count === 1 ? 'recorded' : 'duplicate';
    });
  }

  async forgetCallbackReceipt(system: string, receiptId: string): Promise<void> {
    await this.context.transaction((tx) => tx`DELETE FROM callback_receipts WHERE system = ${system} AND receipt_id = ${receiptId}`);
  }
}
