/** What `recordCallbackReceipt` found: `recorded` the first time, `duplicate` while an earlier receipt is kept. */
export type CallbackReceipt = 'recorded' | 'duplicate';

/**
 * The store part for accepted signed callbacks (replay refusal).
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Callback receipts are keyed by `(system, receiptId)` and live while
 *   `now < keepUntil`. `recordCallbackReceipt` first deletes every receipt
 *   expired at `now`, then inserts (`recorded`) or finds a live one
 *   (`duplicate`); `forgetCallbackReceipt` deletes one.
 */
export interface CallbackReceiptStore {
  /**
   * Remembers that `system`'s callback `receiptId` was accepted, until
   * `keepUntil`, atomically: `duplicate` when a receipt with that id is kept
   * and has not expired at `now`. Expired receipts are purged (SQLite: by this
   * call; Redis: by the key's TTL).
   */
  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt>;
  /** Forgets a receipt again (its callback's effect failed, so the same callback may come again). */
  forgetCallbackReceipt(system: string, receiptId: string): Promise<void>;
}
