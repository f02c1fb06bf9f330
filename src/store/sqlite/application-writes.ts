import type Database from 'better-sqlite3';
import { applicationNotFound } from '../store-errors.js';
import type { ApplicationRecord, ApplicationStatus, TimelineEntry } from '../parts/application-store.js';
import { jsonOrNull } from '../rows.js';
import { prepared } from './prepared.js';

/** Statements on applications and their timeline that several parts run inside their own writes. */

/** Throws `application-not-found` unless the application exists: deliveries, jobs, certificates, pickups need one. */
export function requireApplication(db: Database.Database, applicationId: string): void {
  if (!prepared(db, 'SELECT 1 FROM applications WHERE id = ?').get(applicationId)) throw applicationNotFound(applicationId);
}

export function insertTimeline(db: Database.Database, applicationId: string, entry: TimelineEntry): void {
  prepared(db, 'INSERT INTO timeline (application_id, status, at, source, detail) VALUES (?, ?, ?, ?, ?)').run(
    applicationId,
    entry.status,
    entry.at,
    entry.source,
    entry.detail,
  );
}

/** Inserts the application row with `status` (its last timeline entry's), remembering the submission's idempotency key for the retention purge. */
export function insertApplication(
  db: Database.Database,
  application: ApplicationRecord,
  status: ApplicationStatus,
  terminal: string | null,
  idempotency: { clientId: string; key: string } | undefined,
): void {
  prepared(
    db,
    `INSERT INTO applications (id, procedure_id, client_id, status, form, identity, payment, issuance, access_token_hash, created_at, updated_at,
       terminal_at, idempotency_client_id, idempotency_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    application.id,
    application.procedureId,
    application.clientId,
    status,
    JSON.stringify(application.form),
    jsonOrNull(application.identity),
    jsonOrNull(application.payment),
    jsonOrNull(application.issuance),
    application.accessTokenHash,
    application.createdAt,
    application.updatedAt,
    terminal,
    idempotency?.clientId ?? null,
    idempotency?.key ?? null,
  );
}
