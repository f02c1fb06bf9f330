import type { Query } from './postgres-context.js';

interface PurgeCandidate {
  client_id: string;
  idempotency_client_id: string | null;
  idempotency_key: string | null;
}

/**
 * The PostgreSQL half of `Store.purgeApplication`, run inside one
 * transaction: locks the application while it is still terminal at or
 * before `terminalBefore` and not purged (a concurrent purge waits on the
 * lock, then finds it purged and does nothing), then removes its personal
 * data and keeps the anonymised record.
 */
export async function purgeApplicationData(sql: Query, id: string, terminalBefore: string, now: string): Promise<boolean> {
  const [candidate] = await sql<PurgeCandidate[]>`
    SELECT client_id, idempotency_client_id, idempotency_key FROM applications
    WHERE id = ${id} AND terminal_at IS NOT NULL AND terminal_at <= ${terminalBefore} AND purged_at IS NULL
    FOR UPDATE`;
  if (!candidate) return false;
  if (candidate.idempotency_key !== null) {
    // Only the record this submission completed: a key reused after it expired belongs to another request.
    await sql`
      DELETE FROM idempotency WHERE client_id = ${candidate.idempotency_client_id ?? candidate.client_id}
        AND key = ${candidate.idempotency_key} AND strpos(response, ${id}) > 0`;
  }
  await sql`
    UPDATE applications SET form = '{}', identity = NULL, payment = NULL, issuance = NULL,
      idempotency_client_id = NULL, idempotency_key = NULL, purged_at = ${now}, updated_at = ${now}
    WHERE id = ${id}`;
  await sql`UPDATE timeline SET detail = '' WHERE application_id = ${id}`;
  // The reason staff gave the resident goes; the queue facts stay, and the version moves on so no decision read before is written over it.
  await sql`
    UPDATE reviews SET version = version + 1,
      record = (record::jsonb || jsonb_build_object('reason', NULL, 'version', version + 1))::text
    WHERE application_id = ${id}`;
  await sql`DELETE FROM dead_letter_requests WHERE job_id IN (SELECT id FROM jobs WHERE application_id = ${id})`;
  await sql`DELETE FROM jobs WHERE application_id = ${id}`;
  await sql`UPDATE deliveries SET last_error = NULL WHERE application_id = ${id}`;
  await sql`DELETE FROM pickup_locks WHERE certificate_id IN (SELECT certificate_id FROM pickups WHERE application_id = ${id})`;
  await sql`DELETE FROM pickups WHERE application_id = ${id}`;
  await sql`UPDATE certificates SET document = '', purged_at = ${now} WHERE application_id = ${id}`;
  return true;
}
