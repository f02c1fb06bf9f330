import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffSessionRecord, StaffSignInRecord } from '../store/staff-session-types.js';
import type { Store } from '../store/types.js';
import type { SignInChecks } from './oidc-sign-in.js';
import { isStaffRole, type StaffMember } from './roles.js';

/** How long a sign-in may take at the identity provider. */
const SIGN_IN_TTL_MS = 10 * 60_000;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The store key of a cookie token: its SHA-256. The token itself is never stored. */
function idOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A live session, resolved from its cookie. */
export interface ActiveSession {
  staff: StaffMember;
  csrfToken: string;
}

/** What a session cookie led to. */
export type SessionLookup = { kind: 'active'; session: ActiveSession } | { kind: 'ended' } | { kind: 'none' };

export interface StaffSessionsOptions {
  store: Store;
  clock: () => Date;
  idleMinutes: number;
  absoluteHours: number;
}

/**
 * Staff sessions, server-side in the Store: the browser holds only a random
 * token; the store holds its hash, the staff member, the CSRF token and the
 * two ends (idle, absolute). Each use moves the idle end on.
 */
export class StaffSessions {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(private readonly options: StaffSessionsOptions) {
    this.idleMs = options.idleMinutes * 60_000;
    this.absoluteMs = options.absoluteHours * 3600_000;
  }

  /** Records a sign-in sent to the provider; the token goes into the sign-in cookie. */
  async beginSignIn(checks: SignInChecks, returnTo: string): Promise<{ token: string; maxAgeSeconds: number }> {
    const token = newToken();
    const now = this.options.clock();
    const record: StaffSignInRecord = {
      id: idOf(token),
      ...checks,
      returnTo,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS).toISOString(),
    };
    await this.options.store.saveStaffSignIn(record);
    return { token, maxAgeSeconds: SIGN_IN_TTL_MS / 1000 };
  }

  /** The sign-in of this cookie token, taken once: a replayed callback finds nothing. */
  takeSignIn(token: string): Promise<StaffSignInRecord | null> {
    return this.options.store.takeStaffSignIn(idOf(token), this.options.clock().toISOString());
  }

  /** Opens a session for a signed-in staff member; the token goes into the session cookie. */
  async open(staff: StaffMember): Promise<{ token: string; session: ActiveSession }> {
    const token = newToken();
    const now = this.options.clock();
    const record: StaffSessionRecord = {
      id: idOf(token),
      staffId: staff.id,
      name: staff.name,
      roles: staff.roles,
      wards: staff.wards,
      csrfToken: newToken(),
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      idleExpiresAt: new Date(now.getTime() + this.idleMs).toISOString(),
      absoluteExpiresAt: new Date(now.getTime() + this.absoluteMs).toISOString(),
    };
    if (!(await this.options.store.createStaffSession(record))) throw new Error('a new staff session id collided with an existing one');
    return { token, session: { staff, csrfToken: record.csrfToken } };
  }

  /**
   * The live session of a cookie token, its use recorded. A token whose session
   * ended (or never existed) is `ended`: the console says so and signs in again.
   */
  async lookUp(token: string | undefined): Promise<SessionLookup> {
    if (!token) return { kind: 'none' };
    const now = this.options.clock();
    const id = idOf(token);
    const record = await this.options.store.getStaffSession(id, now.toISOString());
    if (!record) return { kind: 'ended' };
    const touched = await this.options.store.touchStaffSession(id, now.toISOString(), new Date(now.getTime() + this.idleMs).toISOString());
    if (!touched) return { kind: 'ended' };
    const staff: StaffMember = { id: record.staffId, name: record.name, roles: record.roles.filter(isStaffRole), wards: record.wards };
    return { kind: 'active', session: { staff, csrfToken: record.csrfToken } };
  }

  /** Ends the session of this token (sign-out); false when there was none. */
  end(token: string): Promise<boolean> {
    return this.options.store.deleteStaffSession(idOf(token));
  }
}
