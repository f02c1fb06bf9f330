import type { PickupFetch, PickupLock, PickupRecord, PickupStore, PickupUpdate } from '../parts/pickup-store.js';
import { fetchOutcome, mayReplacePickup, statusUpdateOutcome } from '../pickup-transitions.js';
import { toPickup, toPickupLock, type PickupLockRow, type PickupRow } from '../rows.js';
import { checkNewPickup, duplicatePickupCode } from '../store-errors.js';
import { requireApplication } from './application-writes.js';
import type { PostgresContext, Query } from './postgres-context.js';

/** The unique indexes a pickup code can collide on: the full code, and its pickup number (the first 8 digits). */
const PICKUP_CODE_CONSTRAINTS = new Set(['pickups_code_key', 'pickups_by_number']);

/**
 * Pickups in PostgreSQL: tables `pickups` and `pickup_locks`; the state rules
 * are `pickup-transitions.ts`. Every write reads the pickup, locking its row
 * (`FOR NO KEY UPDATE`, so writers of one pickup in any process queue and each
 * reads what the one before wrote), asks the rules, and writes by
 * compare-and-set on the status read, as in SQLite: of concurrent fetches of
 * one code exactly one is `ok`. A pickup number is unique by index
 * (`pickups_by_number`), so two processes saving one number for two
 * certificates at once get one pickup and one `duplicate-pickup-code`.
 */
export class PostgresPickupStore implements PickupStore {
  constructor(private readonly context: PostgresContext) {}

  async savePickup(pickup: PickupRecord): Promise<PickupRecord> {
    checkNewPickup(pickup);
    try {
      return await this.context.transaction(async (tx) => {
        await requireApplication(tx, pickup.applicationId);
        return toPickup(await savePickupRow(tx, pickup));
      });
    } catch (error) {
      if (isPickupCodeCollision(error)) throw duplicatePickupCode(pickup.certificateId);
      throw error;
    }
  }

  async getPickup(code: string): Promise<PickupRecord | null> {
    const [row] = await this.context.sql<PickupRow[]>`SELECT * FROM pickups WHERE code = ${code}`;
    return row ? toPickup(row) : null;
  }

  async getPickupByCertificate(certificateId: string): Promise<PickupRecord | null> {
    const [row] = await this.context.sql<PickupRow[]>`SELECT * FROM pickups WHERE certificate_id = ${certificateId}`;
    return row ? toPickup(row) : null;
  }

  /** At most one pickup has the number: `pickups_by_number` is unique. */
  async findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null> {
    const [row] = await this.context.sql<PickupRow[]>`SELECT * FROM pickups WHERE substr(code, 1, 8) = ${pickupNumber}`;
    return row ? toPickup(row) : null;
  }

  /**
   * One upsert counts the guess, so concurrent guesses in any process are
   * counted one by one. The pickup's row is share-locked first, so a purge
   * cannot delete it between the check and the count.
   */
  recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock> {
    return this.context.transaction(async (tx): Promise<PickupLock> => {
      const known = await tx`SELECT 1 FROM pickups WHERE certificate_id = ${certificateId} FOR KEY SHARE`;
      if (known.length === 0) return { wrongCheckParts: 0, lockedAt: null };
      const [row] = await tx<PickupLockRow[]>`
        INSERT INTO pickup_locks (certificate_id, wrong_check_parts, locked_at)
        VALUES (${certificateId}, 1, CASE WHEN 1 >= ${lockAfter}::integer THEN ${now} END)
        ON CONFLICT (certificate_id) DO UPDATE SET
          wrong_check_parts = pickup_locks.wrong_check_parts + 1,
          locked_at = coalesce(pickup_locks.locked_at, CASE WHEN pickup_locks.wrong_check_parts + 1 >= ${lockAfter}::integer THEN ${now} END)
        RETURNING wrong_check_parts, locked_at`;
      return toPickupLock(row as PickupLockRow);
    });
  }

  async getPickupLock(certificateId: string): Promise<PickupLock> {
    const [row] = await this.context.sql<PickupLockRow[]>`SELECT wrong_check_parts, locked_at FROM pickup_locks WHERE certificate_id = ${certificateId}`;
    return row ? toPickupLock(row) : { wrongCheckParts: 0, lockedAt: null };
  }

  markPickupFetched(code: string, now: string): Promise<PickupFetch> {
    return this.context.transaction(async (tx): Promise<PickupFetch> => {
      const [row] = await tx<Array<Pick<PickupRow, 'certificate_id' | 'status' | 'expires_at'> & Pick<PickupLockRow, 'locked_at'>>>`
        SELECT certificate_id, status, expires_at, locked_at FROM pickups LEFT JOIN pickup_locks USING (certificate_id)
        WHERE code = ${code} FOR NO KEY UPDATE OF pickups`;
      const outcome = fetchOutcome(row ? { status: row.status, expiresAt: row.expires_at, locked: row.locked_at !== null } : null, now);
      if (outcome === 'ok' && row) await movePickup(tx, row, 'fetched', now);
      return outcome;
    });
  }

  updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate> {
    return this.context.transaction(async (tx): Promise<PickupUpdate> => {
      const [row] = await tx<Array<Pick<PickupRow, 'certificate_id' | 'status'>>>`
        SELECT certificate_id, status FROM pickups WHERE code = ${code} FOR NO KEY UPDATE`;
      const outcome = statusUpdateOutcome(row?.status ?? null, status);
      if (outcome === 'updated' && row) await movePickup(tx, row, status, now);
      return outcome;
    });
  }

  async listPickupsDue(now: string, limit: number): Promise<PickupRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.context.sql<PickupRow[]>`
      SELECT * FROM pickups WHERE status = 'pending' AND not_before <= ${now} ORDER BY not_before, certificate_id LIMIT ${limit}`;
    return rows.map(toPickup);
  }
}

/**
 * Inserts the certificate's pickup or replaces its pending one (keeping
 * `created_at`), unless the stored one went past pending: then it is
 * returned as it is. When another process inserted the pickup after the
 * read found none, the insert does nothing and the pickup is read again,
 * now with a row to lock.
 */
async function savePickupRow(tx: Query, pickup: PickupRecord): Promise<PickupRow> {
  const [stored] = await tx<PickupRow[]>`SELECT * FROM pickups WHERE certificate_id = ${pickup.certificateId} FOR NO KEY UPDATE`;
  if (!mayReplacePickup(stored?.status ?? null)) return stored as PickupRow;
  const [saved] = stored
    ? await tx<PickupRow[]>`
        UPDATE pickups SET code = ${pickup.code}, application_id = ${pickup.applicationId}, request_id = ${pickup.requestId},
          certificate_type = ${pickup.certificateType}, copies = ${pickup.copies}, fee = ${pickup.fee}, expires_at = ${pickup.expiresAt},
          status = ${pickup.status}, not_before = ${pickup.notBefore}, fetched_at = ${pickup.fetchedAt}, updated_at = ${pickup.updatedAt}
        WHERE certificate_id = ${pickup.certificateId} AND status = ${stored.status}
        RETURNING *`
    : await tx<PickupRow[]>`
        INSERT INTO pickups (certificate_id, code, application_id, request_id, certificate_type, copies, fee, expires_at, status, not_before,
          fetched_at, created_at, updated_at)
        VALUES (${pickup.certificateId}, ${pickup.code}, ${pickup.applicationId}, ${pickup.requestId}, ${pickup.certificateType},
          ${pickup.copies}, ${pickup.fee}, ${pickup.expiresAt}, ${pickup.status}, ${pickup.notBefore}, ${pickup.fetchedAt},
          ${pickup.createdAt}, ${pickup.updatedAt})
        ON CONFLICT (certificate_id) DO NOTHING
        RETURNING *`;
  return saved ?? savePickupRow(tx, pickup);
}

/** The status change the rules allowed, applied only while the pickup still has the status they were asked about (compare-and-set). */
async function movePickup(tx: Query, read: Pick<PickupRow, 'certificate_id' | 'status'>, status: PickupRow['status'], now: string): Promise<void> {
  const fetchedAt = status === 'fetched' ? now : null;
  await tx`
    UPDATE pickups SET status = ${status}, fetched_at = coalesce(${fetchedAt}, fetched_at), updated_at = ${now}
    WHERE certificate_id = ${read.certificate_id} AND status = ${read.status}`;
}

/** A unique violation on the code or its pickup number: another certificate's pickup has it. */
function isPickupCodeCollision(error: unknown): boolean {
  const { code, constraint_name: constraint } = error as { code?: unknown; constraint_name?: unknown };
  return code === '23505' && typeof constraint === 'string' && PICKUP_CODE_CONSTRAINTS.has(constraint);
}
