import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../parts/idempotency-store.js';
import { toStoredResponse, type IdempotencyRow } from '../rows.js';
import type { PostgresContext, Query } from './postgres-context.js';

/** Idempotency records in PostgreSQL: table `idempotency`, keyed by `(client_id, key)`. */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly context: PostgresContext) {}

  /**
   * One upsert decides: it inserts a new in-flight record, or replaces an
   * expired one, and otherwise leaves the live record as it is. Either way
   * the row is locked for the rest of the transaction (ON CONFLICT waits for
   * a concurrent inserter and locks the row it conflicts with), so of two
   * processes beginning one key exactly one gets `started`, and the other
   * reads the record that one left.
   */
  beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin> {
    return this.context.transaction(async (tx): Promise<IdempotencyBegin> => {
      const started = await tx`
        INSERT INTO idempotency (client_id, key, request_hash, state, response, created_at, expires_at)
        VALUES (${clientId}, ${key}, ${requestHash}, 'in-flight', NULL, ${now}, ${expiresAt})
        ON CONFLICT (client_id, key) DO UPDATE SET
          request_hash = excluded.request_hash, state = 'in-flight', response = NULL,
          created_at = excluded.created_at, expires_at = excluded.expires_at
        WHERE idempotency.expires_at <= ${now}
        RETURNING 1`;
      if (started.length > 0) return { outcome: 'started' };
      // The upsert locked the live record it left alone, so it is still there to read.
      const [row] = await tx<[IdempotencyRow]>`
        SELECT request_hash, state, response, expires_at FROM idempotency WHERE client_id = ${clientId} AND key = ${key}`;
      if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
      if (row.state === 'completed' && row.response !== null) return { outcome: 'completed', response: toStoredResponse(row.response) };
      return { outcome: 'in-flight' };
    });
  }

  completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void> {
    return this.context.transaction((tx) => completeIdempotency(tx, clientId, key, response, expiresAt));
  }

  abandonIdempotent(clientId: string, key: string): Promise<void> {
    return this.context.transaction(async (tx) => {
      await tx`DELETE FROM idempotency WHERE client_id = ${clientId} AND key = ${key} AND state = 'in-flight'`;
    });
  }

  purgeExpiredIdempotency(now: string): Promise<number> {
    return this.context.transaction(async (tx) => (await tx`DELETE FROM idempotency WHERE expires_at <= ${now}`).count);
  }
}

/** Stores the response on the record (no-op when none); also run by intake's transaction. */
export async function completeIdempotency(sql: Query, clientId: string, key: string, response: StoredResponse, expiresAt: string | undefined): Promise<void> {
  await sql`
    UPDATE idempotency SET state = 'completed', response = ${JSON.stringify(response)}, expires_at = COALESCE(${expiresAt ?? null}, expires_at)
    WHERE client_id = ${clientId} AND key = ${key}`;
}
