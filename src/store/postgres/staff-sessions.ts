import type { StaffSessionRecord, StaffSignInRecord } from '../staff-session-types.js';
import type { StaffSessionRow, StaffSignInRow } from '../rows.js';
import type { Query } from './postgres-context.js';

/** Staff sign-ins and sessions in PostgreSQL (tables `staff_sign_ins` and `staff_sessions`). Writes run inside the caller's transaction. */

/** Saves a sign-in, and deletes the sign-ins and sessions that ended before it: the tables never grow with abandoned ones. */
export async function saveSignIn(tx: Query, signIn: StaffSignInRecord): Promise<void> {
  await tx`DELETE FROM staff_sign_ins WHERE expires_at <= ${signIn.createdAt}`;
  await tx`DELETE FROM staff_sessions WHERE idle_expires_at <= ${signIn.createdAt} OR absolute_expires_at <= ${signIn.createdAt}`;
  await tx`
    INSERT INTO staff_sign_ins (id, state, nonce, code_verifier, return_to, created_at, expires_at)
    VALUES (${signIn.id}, ${signIn.state}, ${signIn.nonce}, ${signIn.codeVerifier}, ${signIn.returnTo}, ${signIn.createdAt}, ${signIn.expiresAt})`;
}

/** Deletes the sign-in and returns it: of concurrent takes from any process only one deletes the row, the others find none. */
export async function takeSignIn(tx: Query, id: string, now: string): Promise<StaffSignInRecord | null> {
  const [row] = await tx<StaffSignInRow[]>`DELETE FROM staff_sign_ins WHERE id = ${id} RETURNING *`;
  if (!row || row.expires_at <= now) return null;
  return { id: row.id, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, createdAt: row.created_at, expiresAt: row.expires_at };
}

export async function createSession(tx: Query, session: StaffSessionRecord): Promise<boolean> {
  const inserted = await tx`
    INSERT INTO staff_sessions (id, staff_id, name, roles, wards, csrf_token, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
    VALUES (${session.id}, ${session.staffId}, ${session.name}, ${JSON.stringify(session.roles)}, ${JSON.stringify(session.wards)}, ${session.csrfToken},
      ${session.createdAt}, ${session.lastSeenAt}, ${session.idleExpiresAt}, ${session.absoluteExpiresAt})
    ON CONFLICT (id) DO NOTHING`;
  return inserted.count === 1;
}

export async function getSession(sql: Query, id: string, now: string): Promise<StaffSessionRecord | null> {
  const [row] = await sql<StaffSessionRow[]>`SELECT * FROM staff_sessions WHERE id = ${id} AND idle_expires_at > ${now} AND absolute_expires_at > ${now}`;
  if (!row) return null;
  return {
    id: row.id,
    staffId: row.staff_id,
    name: row.name,
    roles: JSON.parse(row.roles) as string[],
    wards: JSON.parse(row.wards) as string[],
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
  };
}

export async function touchSession(tx: Query, id: string, now: string, idleExpiresAt: string): Promise<boolean> {
  const updated = await tx`
    UPDATE staff_sessions SET last_seen_at = ${now}, idle_expires_at = ${idleExpiresAt}
    WHERE id = ${id} AND idle_expires_at > ${now} AND absolute_expires_at > ${now}`;
  return updated.count === 1;
}

export async function deleteSession(tx: Query, id: string): Promise<boolean> {
  const deleted = await tx`DELETE FROM staff_sessions WHERE id = ${id}`;
  return deleted.count === 1;
}
