/** The response stored for an idempotency key, replayed for a retry with the same body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  | { outcome: 'started' }
  | { outcome: 'in-flight' }
  | { outcome: 'mismatch' }
  | { outcome: 'completed'; response: StoredResponse };

/**
 * The store part for idempotency records (`Idempotency-Key` replays).
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Idempotency records are scoped by `(clientId, key)`. A record is live
 *   while `now < expiresAt`. `beginIdempotent`: no live record → a new
 *   in-flight record, `started`; live record with another request hash →
 *   `mismatch` (in flight or completed); same hash in flight → `in-flight`;
 *   same hash completed → `completed` with the stored response. Two
 *   concurrent begins for one key yield exactly one `started`.
 *   `completeIdempotent` stores the response on an existing record (no-op if
 *   none); `abandonIdempotent` deletes the record only while it is in flight
 *   (a completed response keeps replaying); `purgeExpiredIdempotency` deletes
 *   records with `expiresAt <= now`.
 */
export interface IdempotencyStore {
  /**
   * Starts an idempotent request, or reports the state of an earlier one with the same key.
   * Keys are scoped to the client; a record older than `expiresAt` is treated as absent.
   */
  beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin>;
  /** Stores the response for a key without creating an application; `expiresAt` replaces the expiry when given. */
  completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void>;
  /** Forgets an in-flight key after a failure that must not replay (a 5xx, a crash in the handler). */
  abandonIdempotent(clientId: string, key: string): Promise<void>;
  /** Deletes idempotency records that expired before `now`; returns how many. */
  purgeExpiredIdempotency(now: string): Promise<number>;
}
