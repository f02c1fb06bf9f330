import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';

interface PurgeCandidate {
  client_id: string;
  idempotency_client_id: string | null;
  idempotency_key: string | null;
}

/**
 * The SQLite half of `Store.purgeApplication`, run inside one write: checks
 * that the application is still terminal at or before `terminalBefore` and
 * not purged, then removes its personal data and keeps the anonymised
 * record. The connection runs with `secure_delete`, so removed values are
 * overwritten in the file rather than left in free pages.
 */
export function purgeApplicationData(db: Database.Database, id: string, terminalBefore: string, now: string): boolean {
  const candidate = prepared(
    db,
    'SELECT client_id, idempotency_client_id, idempotency_key FROM applications WHERE id = ? AND terminal_at IS NOT NULL AND terminal_at <= ? AND purged_at IS NULL',
  ).get(id, terminalBefore) as PurgeCandidate | undefined;
  if (!candidate) return false;
  if (candidate.idempotency_key !== null) {
    // Only the record this submission completed: a key reused after it expired belongs to another request.
    prepared(db, 'DELETE FROM idempotency WHERE client_id = ? AND key = ? AND instr(response, ?) > 0').run(
      candidate.idempotency_client_id ?? candidate.client_id,
      candidate.idempotency_key,
      id,
    );
  }
  prepared(
    db,
    `UPDATE applications SET form = '{}', identity = NULL, payment = NULL, issuance = NULL,
       idempotency_client_id = NULL, idempotency_key = NULL, purged_at = ?, updated_at = ? WHERE id = ?`,
  ).run(now, now, id);
  prepared(db, "UPDATE timeline SET detail = '' WHERE application_id = ?").run(id);
  // The reason staff gave the resident goes; the queue facts stay, and the version moves on so no decision read before is written over it.
  prepared(db, "UPDATE reviews SET version = version + 1, record = json_set(record, '$.reason', NULL, '$.version', version + 1) WHERE application_id = ?").run(id);
  prepared(db, 'DELETE FROM dead_letter_requests WHERE job_id IN (SELECT id FROM jobs WHERE application_id = ?)').run(id);
  prepared(db, 'DELETE FROM jobs WHERE application_id = ?').run(id);
  prepared(db, 'UPDATE deliveries SET last_error = NULL WHERE application_id = ?').run(id);
  prepared(db, 'DELETE FROM pickup_locks WHERE certificate_id IN (SELECT certificate_id FROM pickups WHERE application_id = ?)').run(id);
  prepared(db, 'DELETE FROM pickups WHERE application_id = ?').run(id);
  prepared(db, "UPDATE certificates SET document = '', purged_at = ? WHERE application_id = ?").run(now, id);
  return true;
}
