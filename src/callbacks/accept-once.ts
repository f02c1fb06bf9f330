import type { Store } from '../store/types.js';
import type { AuthenticatedCallback } from './authenticate-callback.js';

/** What `acceptOnce` did: ran the callback's effect, or found it was a replay of one already accepted and did nothing. */
export type AcceptedOnce<T> = { kind: 'accepted'; value: T } | { kind: 'duplicate' };

/**
 * Runs `effect` for an authenticated callback unless the same signed callback
 * (same system, same `t`, same bytes) was accepted before. The receipt is
 * recorded before the effect, so concurrent copies cannot both run it, and
 * forgotten again when the effect throws: a callback the gateway refused
 * (404, 409, 503 reply-too-early …) may be sent again with the same signature.
 */
export async function acceptOnce<T>(
  store: Pick<Store, 'recordCallbackReceipt' | 'forgetCallbackReceipt'>,
  system: string,
  callback: AuthenticatedCallback,
  now: Date,
  effect: () => Promise<T>,
): Promise<AcceptedOnce<T>> {
  const receipt = await store.recordCallbackReceipt(system, callback.receiptId, now.toISOString(), callback.keepReceiptUntil);
  if (receipt === 'duplicate') return { kind: 'duplicate' };
  try {
    return { kind: 'accepted', value: await effect() };
  } catch (error) {
    // The effect's error is the answer; should forgetting fail too, the receipt only stays until it expires.
    await store.forgetCallbackReceipt(system, callback.receiptId).catch(() => undefined);
    throw error;
  }
}
