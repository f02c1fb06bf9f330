import type { StaffSessionRecord, StaffSessionStore, StaffSignInRecord } from '../staff-session-types.js';
import type { PostgresContext } from './postgres-context.js';
import { createSession, deleteSession, getSession, saveSignIn, takeSignIn, touchSession } from './staff-sessions.js';

/** Staff sign-ins and sessions in PostgreSQL (statements in `staff-sessions.ts`). */
export class PostgresStaffSessionStore implements StaffSessionStore {
  constructor(private readonly context: PostgresContext) {}

  saveStaffSignIn(signIn: StaffSignInRecord): Promise<void> {
    return this.context.transaction((tx) => saveSignIn(tx, signIn));
  }

  takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null> {
    return this.context.transaction((tx) => takeSignIn(tx, id, now));
  }

  createStaffSession(session: StaffSessionRecord): Promise<boolean> {
    return this.context.transaction((tx) => createSession(tx, session));
  }

  getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null> {
    return getSession(this.context.sql, id, now);
  }

  touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean> {
    return this.context.transaction((tx) => touchSession(tx, id, now, idleExpiresAt));
  }

  deleteStaffSession(id: string): Promise<boolean> {
    return this.context.transaction((tx) => deleteSession(tx, id));
  }
}
