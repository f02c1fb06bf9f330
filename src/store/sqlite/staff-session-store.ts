import type { StaffSessionRecord, StaffSessionStore, StaffSignInRecord } from '../staff-session-types.js';
import type { SqliteContext } from './sqlite-context.js';
import { createSession, deleteSession, getSession, saveSignIn, takeSignIn, touchSession } from './staff-sessions.js';

/** Staff sign-ins and sessions in SQLite (statements in `staff-sessions.ts`). */
export class SqliteStaffSessionStore implements StaffSessionStore {
  constructor(private readonly context: SqliteContext) {}

  saveStaffSignIn(signIn: StaffSignInRecord): Promise<void> {
    return this.context.write((db) => saveSignIn(db, signIn));
  }

  takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null> {
    return this.context.write((db) => takeSignIn(db, id, now));
  }

  createStaffSession(session: StaffSessionRecord): Promise<boolean> {
    return this.context.write((db) => createSession(db, session));
  }

  async getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null> {
    return getSession(this.context.db, id, now);
  }

  touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean> {
    return this.context.write((db) => touchSession(db, id, now, idleExpiresAt));
  }

  deleteStaffSession(id: string): Promise<boolean> {
    return this.context.write((db) => deleteSession(db, id));
  }
}
