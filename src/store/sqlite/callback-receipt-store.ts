import type { CallbackReceipt, CallbackReceiptStore } from '../parts/callback-receipt-store.js';
import { prepared } from './prepared.js';
import type { SqliteContext } from './sqlite-context.js';

/** Callback receipts in SQLite: table `callback_receipts`, expired rows deleted by the next `recordCallbackReceipt`. */
export class SqliteCallbackReceiptStore implements CallbackReceiptStore {
  constructor(private readonly context: SqliteContext) {}

  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt> {
    return this.context.write((db): CallbackReceipt => {
      prepared(db, 'DELETE FROM callback_receipts WHERE keep_until <= ?').run(now);
      const inserted = prepared(db, 'INSERT INTO callback_receipts (system, receipt_id, received_at, keep_until) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        system,
        receiptId,
        now,
        keepUntil,
      ).changes;
      return inserted === 1 ? 'recorded' : 'duplicate';
    });
  }

  forgetCallbackReceipt(system: string, receiptId: string): Promise<void> {
    return this.context.write((db) => {
      prepared(db, 'DELETE FROM callback_receipts WHERE system = ? AND receipt_id = ?').run(system, receiptId);
    });
  }
}
