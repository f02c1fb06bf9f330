import type { PickupFetch, PickupLock, PickupRecord, PickupStore, PickupUpdate } from '../parts/pickup-store.js';
import { fetchOutcome, mayReplacePickup, statusUpdateOutcome } from '../pickup-transitions.js';
import { checkNewPickup, duplicatePickupCode } from '../store-errors.js';
import { requireApplication } from './application-writes.js';
import { prepared } from './prepared.js';
import { toPickup, toPickupLock, type PickupLockRow, type PickupRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** A status change applied only while the pickup still has the status the rules were asked about (compare-and-set). */
const MOVE_PICKUP = 'UPDATE pickups SET status = @status, fetched_at = coalesce(@fetchedAt, fetched_at), updated_at = @now WHERE code = @code AND status = @expected';

/** Pickups in SQLite: tables `pickups` and `pickup_locks`; the state rules are `pickup-transitions.ts`. */
export class SqlitePickupStore implements PickupStore {
  constructor(private readonly context: SqliteContext) {}

  savePickup(pickup: PickupRecord): Promise<PickupRecord> {
    return this.context.write((db) => {
      checkNewPickup(pickup);
      requireApplication(db, pickup.applicationId);
      const stored = prepared(db, 'SELECT * FROM pickups WHERE certificate_id = ?').get(pickup.certificateId) as PickupRow | undefined;
      if (stored && !mayReplacePickup(stored.status)) return toPickup(stored);
      if (pickup.code !== null) {
        const other = prepared(db, 'SELECT 1 FROM pickups WHERE substr(code, 1, 8) = substr(?, 1, 8) AND certificate_id <> ?')
          .pluck()
          .get(pickup.code, pickup.certificateId);
        if (other !== undefined) throw duplicatePickupCode(pickup.certificateId);
      }
      const saved = prepared(
        db,
        `INSERT INTO pickups (certificate_id, code, application_id, request_id, certificate_type, copies, fee, expires_at, status, not_before, fetched_at, created_at, updated_at)
         VALUES (@certificateId, @code, @applicationId, @requestId, @certificateType, @copies, @fee, @expiresAt, @status, @notBefore, @fetchedAt, @createdAt, @updatedAt)
         ON CONFLICT (certificate_id) DO UPDATE SET
           code = excluded.code, application_id = excluded.application_id, request_id = excluded.request_id,
           certificate_type = excluded.certificate_type, copies = excluded.copies, fee = excluded.fee, expires_at = excluded.expires_at,
           status = excluded.status, not_before = excluded.not_before, fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
         RETURNING *`,
      ).get({ ...pickup }) as PickupRow;
      return toPickup(saved);
    });
  }

  async getPickup(code: string): Promise<PickupRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM pickups WHERE code = ?').get(code) as PickupRow | undefined;
    return row ? toPickup(row) : null;
  }

  async getPickupByCertificate(certificateId: string): Promise<PickupRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM pickups WHERE certificate_id = ?').get(certificateId) as PickupRow | undefined;
    return row ? toPickup(row) : null;
  }

  async findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM pickups WHERE substr(code, 1, 8) = ? ORDER BY created_at DESC LIMIT 1').get(pickupNumber) as
      | PickupRow
      | undefined;
    return row ? toPickup(row) : null;
  }

  recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock> {
    return this.context.write((db): PickupLock => {
      const known = prepared(db, 'SELECT 1 FROM pickups WHERE certificate_id = ?').pluck().get(certificateId);
      if (known === undefined) return { wrongCheckParts: 0, lockedAt: null };
      const row = prepared(
        db,
        `INSERT INTO pickup_locks (certificate_id, wrong_check_parts, locked_at) VALUES (@certificateId, 1, CASE WHEN 1 >= @lockAfter THEN @now END)
         ON CONFLICT (certificate_id) DO UPDATE SET
           wrong_check_parts = wrong_check_parts + 1,
           locked_at = coalesce(locked_at, CASE WHEN wrong_check_parts + 1 >= @lockAfter THEN @now END)
         RETURNING wrong_check_parts, locked_at`,
      ).get({ certificateId, now, lockAfter }) as PickupLockRow;
      return toPickupLock(row);
    });
  }

  async getPickupLock(certificateId: string): Promise<PickupLock> {
    const row = prepared(this.context.db, 'SELECT wrong_check_parts, locked_at FROM pickup_locks WHERE certificate_id = ?').get(certificateId) as
      | PickupLockRow
      | undefined;
    return row ? toPickupLock(row) : { wrongCheckParts: 0, lockedAt: null };
  }

  /** Read, rules and write run in one transaction; the write still names the status read. */
  markPickupFetched(code: string, now: string): Promise<PickupFetch> {
    return this.context.write((db): PickupFetch => {
      const row = prepared(
        db,
        'SELECT status, expires_at, locked_at FROM pickups LEFT JOIN pickup_locks USING (certificate_id) WHERE code = ?',
      ).get(code) as (Pick<PickupRow, 'status' | 'expires_at'> & Pick<PickupLockRow, 'locked_at'>) | undefined;
      const outcome = fetchOutcome(row ? { status: row.status, expiresAt: row.expires_at, locked: row.locked_at !== null } : null, now);
      if (outcome === 'ok') prepared(db, MOVE_PICKUP).run({ status: 'fetched', fetchedAt: now, now, code, expected: row?.status });
      return outcome;
    });
  }

  updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate> {
    return this.context.write((db): PickupUpdate => {
      const current = prepared(db, 'SELECT status FROM pickups WHERE code = ?').pluck().get(code) as PickupRow['status'] | undefined;
      const outcome = statusUpdateOutcome(current ?? null, status);
      if (outcome === 'updated') prepared(db, MOVE_PICKUP).run({ status, fetchedAt: null, now, code, expected: current });
      return outcome;
    });
  }

  async listPickupsDue(now: string, limit: number): Promise<PickupRecord[]> {
    if (limit <= 0) return [];
    const rows = prepared(this.context.db, "SELECT * FROM pickups WHERE status = 'pending' AND not_before <= ? ORDER BY not_before, certificate_id LIMIT ?")
      .all(now, limit) as PickupRow[];
    return rows.map(toPickup);
  }
}
