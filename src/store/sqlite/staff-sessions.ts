import type Database from 'better-sqlite3';
import type { StaffSessionRecord, StaffSignInRecord } from '../staff-session-types.js';
import type { StaffSessionRow, StaffSignInRow } from '../rows.js';
import { prepared } from './prepared.js';

/** Staff sign-ins and sessions in SQLite (tables `staff_sign_ins` and `staff_sessions`). Each function runs inside one write. */

/** Saves a sign-in, and deletes the sign-ins and sessions that ended before it: the tables never grow with abandoned ones. */
export function saveSignIn(db: Database.Database, signIn: StaffSignInRecord): void {
  prepared(db, 'DELETE FROM staff_sign_ins WHERE expires_at <= ?').run(signIn.createdAt);
  prepared(db, 'DELETE FROM staff_sessions WHERE idle_expires_at <= @now OR absolute_expires_at <= @now').run({ now: signIn.createdAt });
  prepared(
    db,
    `INSERT INTO staff_sign_ins (id, state, nonce, code_verifier, return_to, created_at, expires_at)
     VALUES (@id, @state, @nonce, @codeVerifier, @returnTo, @createdAt, @expiresAt)`,
  ).run({ ...signIn });
}

export function takeSignIn(db: Database.Database, id: string, now: string): StaffSignInRecord | null {
  const row = prepared(db, 'DELETE FROM staff_sign_ins WHERE id = ? RETURNING *').get(id) as StaffSignInRow | undefined;
  if (!row || row.expires_at <= now) return null;
  return { id: row.id, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, createdAt: row.created_at, expiresAt: row.expires_at };
}

export function createSession(db: Database.Database, session: StaffSessionRecord): boolean {
  const inserted = prepared(
    db,
    `INSERT INTO staff_sessions (id, staff_id, name, roles, wards, csrf_token, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
     VALUES (@id, @staffId, @name, @roles, @wards, @csrfToken, @createdAt, @lastSeenAt, @idleExpiresAt, @absoluteExpiresAt)
     ON CONFLICT (id) DO NOTHING`,
  ).run({ ...session, roles: JSON.stringify(session.roles), wards: JSON.stringify(session.wards) });
  return inserted.changes === 1;
}

export function getSession(db: Database.Database, id: string, now: string): StaffSessionRecord | null {
  const row = prepared(db, 'SELECT * FROM staff_sessions WHERE id = @id AND idle_expires_at > @now AND absolute_expires_at > @now').get({ id, now }) as
    | StaffSessionRow
    | undefined;
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

export function touchSession(db: Database.Database, id: string, now: string, idleExpiresAt: string): boolean {
  return (
    prepared(db, 'UPDATE staff_sessions SET last_seen_at = @now, idle_expires_at = @idleExpiresAt WHERE id = @id AND idle_expires_at > @now AND absolute_expires_at > @now').run({
      id,
      now,
      idleExpiresAt,
    }).changes === 1
  );
}

export function deleteSession(db: Database.Database, id: string): boolean {
  return prepared(db, 'DELETE FROM staff_sessions WHERE id = ?').run(id).changes === 1;
}
