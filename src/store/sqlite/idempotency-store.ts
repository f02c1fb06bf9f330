import type Database from 'better-sqlite3';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../parts/idempotency-store.js';
import { prepared } from './prepared.js';
import { toStoredResponse, type IdempotencyRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Idempotency records in SQLite: table `idempotency`, keyed by `(client_id, key)`. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(private readonly context: SqliteContext) {}

  beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin> {
    return this.context.write((db): IdempotencyBegin => {
      const row = prepared(db, 'SELECT request_hash, state, response, expires_at FROM idempotency WHERE client_id = ? AND key = ?')
        .get(clientId, key) as IdempotencyRow | undefined;
      if (row && now < row.expires_at) {
        if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
        if (row.state === 'completed' && row.response !== null) return { outcome: 'completed', response: toStoredResponse(row.response) };
        return { outcome: 'in-flight' };
      }
      prepared(
        db,
        `INSERT INTO idempotency (client_id, key, request_hash, state, response, created_at, expires_at)
         VALUES (?, ?, ?, 'in-flight', NULL, ?, ?)
         ON CONFLICT (client_id, key) DO UPDATE SET
           request_hash = excluded.request_hash, state = 'in-flight', response = NULL,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
      ).run(clientId, key, requestHash, now, expiresAt);
      return { outcome: 'started' };
    });
  }

  completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void> {
    return this.context.write((db) => completeIdempotency(db, clientId, key, response, expiresAt));
  }

  abandonIdempotent(clientId: string, key: string): Promise<void> {
    return this.context.write((db) => {
      prepared(db, "DELETE FROM idempotency WHERE client_id = ? AND key = ? AND state = 'in-flight'").run(clientId, key);
    });
  }

  purgeExpiredIdempotency(now: string): Promise<number> {
    return this.context.write((db) => prepared(db, 'DELETE FROM idempotency WHERE expires_at <= ?').run(now).changes);
  }
}

/** Stores the response on the record (no-op when none); also run by intake's transaction. */
export function completeIdempotency(db: Database.Database, clientId: string, key: string, response: StoredResponse, expiresAt: string | undefined): void {
  prepared(db, "UPDATE idempotency SET state = 'completed', response = ?, expires_at = COALESCE(?, expires_at) WHERE client_id = ? AND key = ?").run(
    JSON.stringify(response),
    expiresAt ?? null,
    clientId,
    key,
  );
}
