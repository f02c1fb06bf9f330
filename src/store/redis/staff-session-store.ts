import { sessionEndsAt, type StaffSessionRecord, type StaffSessionStore, type StaffSignInRecord } from '../staff-session-types.js';
import type { RedisContext } from './redis-context.js';
import { createStaffSessionScript, touchStaffSessionScript } from './staff-session-scripts.js';

/** Milliseconds from `now` to `end`, at least 1 (Redis refuses a zero time to live). */
function ttlMs(now: string, end: string): number {
  return Math.max(1, Date.parse(end) - Date.parse(now));
}

/**
 * Staff sign-ins and sessions in Redis: one hash each, expiring with the
 * record (times to live are computed from the caller's `now`, so a caller on
 * another clock than the server's still gets its timeouts).
 */
export class RedisStaffSessionStore implements StaffSessionStore {
  constructor(private readonly context: RedisContext) {}

  async saveStaffSignIn(signIn: StaffSignInRecord): Promise<void> {
    const key = this.context.keys.staffSignIn(signIn.id);
    await this.context.redis.multi().hset(key, { ...signIn }).pexpire(key, ttlMs(signIn.createdAt, signIn.expiresAt)).exec();
  }

  /** HGETALL and DEL in one MULTI: of two concurrent takes only one sees the fields. */
  async takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null> {
    const key = this.context.keys.staffSignIn(id);
    const replies = await this.context.redis.multi().hgetall(key).del(key).exec();
    const [error, hash] = replies?.[0] ?? [null, {}];
    if (error) throw error;
    const record = hash as Record<string, string>;
    if (record.id === undefined || record.expiresAt === undefined || record.expiresAt <= now) return null;
    return {
      id: record.id,
      state: record.state ?? '',
      nonce: record.nonce ?? '',
      codeVerifier: record.codeVerifier ?? '',
      returnTo: record.returnTo ?? '',
      createdAt: record.createdAt ?? '',
      expiresAt: record.expiresAt,
    };
  }

  async createStaffSession(session: StaffSessionRecord): Promise<boolean> {
    const fields = {
      ...session,
      roles: JSON.stringify(session.roles),
      wards: JSON.stringify(session.wards),
      _idleMs: String(Date.parse(session.idleExpiresAt)),
      _absoluteMs: String(Date.parse(session.absoluteExpiresAt)),
    };
    const created = await this.context.run(createStaffSessionScript, [session.id, ttlMs(session.createdAt, sessionEndsAt(session)), ...Object.entries(fields).flat()]);
    return created === 1;
  }

  async getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null> {
    const record = (await this.context.redis.hgetall(this.context.keys.staffSession(id))) as Record<string, string>;
    if (record.id === undefined || record.idleExpiresAt === undefined || record.absoluteExpiresAt === undefined) return null;
    if (record.idleExpiresAt <= now || record.absoluteExpiresAt <= now) return null;
    return {
      id: record.id,
      staffId: record.staffId ?? '',
      name: record.name ?? '',
      roles: JSON.parse(record.roles ?? '[]') as string[],
      wards: JSON.parse(record.wards ?? '[]') as string[],
      csrfToken: record.csrfToken ?? '',
      createdAt: record.createdAt ?? '',
      lastSeenAt: record.lastSeenAt ?? '',
      idleExpiresAt: record.idleExpiresAt,
      absoluteExpiresAt: record.absoluteExpiresAt,
    };
  }

  async touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean> {
    return (await this.context.run(touchStaffSessionScript, [id, now, Date.parse(now), idleExpiresAt, Date.parse(idleExpiresAt)])) === 1;
  }

  async deleteStaffSession(id: string): Promise<boolean> {
    return (await this.context.redis.del(this.context.keys.staffSession(id))) === 1;
  }
}
