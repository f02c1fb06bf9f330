/**
 * The staff-sign-in part of the Store: sign-ins in progress (OIDC state,
 * nonce and PKCE verifier) and the server-side sessions of signed-in staff.
 * Both are keyed by the SHA-256 (hex) of a random token that only the
 * browser's cookie holds, so a copy of the store cannot be replayed as a cookie.
 */

/** A sign-in sent to the identity provider and not yet come back. Taken (and deleted) once by the callback. */
export interface StaffSignInRecord {
  /** SHA-256 hex of the sign-in cookie's token. */
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console path to show after signing in. */
  returnTo: string;
  createdAt: string;
  expiresAt: string;
}

/** A signed-in staff member's session. No personal data beyond the display name the identity provider gave. */
export interface StaffSessionRecord {
  /** SHA-256 hex of the session cookie's token. */
  id: string;
  /** The identity provider's subject (`sub`) of the staff member. */
  staffId: string;
  name: string;
  roles: string[];
  /** 地方公共団体コード (6 digits) of the wards the staff member works for. */
  wards: string[];
  /** The token every state-changing form of this session carries. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** Unused until this time, the session ends (idle timeout); each use moves it on. */
  idleExpiresAt: string;
  /** The session ends at this time however busy it is (absolute timeout). */
  absoluteExpiresAt: string;
}

/** The earlier of a session's two ends. */
export function sessionEndsAt(session: Pick<StaffSessionRecord, 'idleExpiresAt' | 'absoluteExpiresAt'>): string {
  return session.idleExpiresAt < session.absoluteExpiresAt ? session.idleExpiresAt : session.absoluteExpiresAt;
}

/**
 * Rules both implementations keep: a record whose end (`expiresAt`, or the
 * earlier of the session's two ends) is `<= now` is treated as absent, and
 * stores may delete it at any time after that.
 */
export interface StaffSessionStore {
  saveStaffSignIn(signIn: StaffSignInRecord): Promise<void>;
  /** Returns the sign-in and deletes it, atomically: a second take of the same id gets null. Null when absent or expired. */
  takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null>;
  /** Records a new session; false, writing nothing, when the id exists already. */
  createStaffSession(session: StaffSessionRecord): Promise<boolean>;
  /** The live session, or null when absent or ended. */
  getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null>;
  /** Records a use: `lastSeenAt = now` and the new idle end, when the session is still live; false otherwise. */
  touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean>;
  /** Ends the session (sign-out); false when there was none. */
  deleteStaffSession(id: string): Promise<boolean>;
}
