import { applicationNotFound } from '../store-errors.js';
import type { ApplicationRecord, ApplicationStatus, TimelineEntry } from '../parts/application-store.js';
import { jsonOrNull } from '../rows.js';
import type { Query } from './postgres-context.js';

/** Statements on applications and their timeline that several parts run inside their own transactions. */

/** Throws `application-not-found` unless the application exists: deliveries, jobs, certificates, pickups need one. */
export async function requireApplication(sql: Query, applicationId: string): Promise<void> {
  const rows = await sql`SELECT 1 FROM applications WHERE id = ${applicationId}`;
  if (rows.length === 0) throw applicationNotFound(applicationId);
}

export async function insertTimeline(sql: Query, applicationId: string, entry: TimelineEntry): Promise<void> {
  await sql`INSERT INTO timeline (application_id, status, at, source, detail) VALUES (${applicationId}, ${entry.status}, ${entry.at}, ${entry.source}, ${entry.detail})`;
}

/** Inserts the application row with `status` (its last timeline entry's), remembering the submission's idempotency key for the retention purge. */
export async function insertApplication(
  sql: Query,
  application: ApplicationRecord,
  status: ApplicationStatus,
  terminal: string | null,
  idempotency: { clientId: string; key: string } | undefined,
): Promise<void> {
  await sql`
    INSERT INTO applications (id, procedure_id, client_id, status, form, identity, payment, issuance, access_token_hash, created_at, updated_at,
      terminal_at, idempotency_client_id, idempotency_key)
    VALUES (${application.id}, ${application.procedureId}, ${application.clientId}, ${status}, ${JSON.stringify(application.form)},
      ${jsonOrNull(application.identity)}, ${jsonOrNull(application.payment)}, ${jsonOrNull(application.issuance)}, ${application.accessTokenHash},
      ${application.createdAt}, ${application.updatedAt}, ${terminal}, ${idempotency?.clientId ?? null}, ${idempotency?.key ?? null})`;
}
