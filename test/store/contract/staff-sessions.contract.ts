import { describe, expect, it } from 'vitest';
import type { StaffSessionRecord, StaffSignInRecord } from '../../../src/store/staff-session-types.js';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

function signIn(id: string, overrides: Partial<StaffSignInRecord> = {}): StaffSignInRecord {
  return { id, state: `state-${id}`, nonce: `nonce-${id}`, codeVerifier: `verifier-${id}`, returnTo: '/console', createdAt: at(0), expiresAt: at(600), ...overrides };
}

function session(id: string, overrides: Partial<StaffSessionRecord> = {}): StaffSessionRecord {
  return {
    id,
    staffId: 'clerk-kita',
    name: '北区 受付担当',
    roles: ['clerk'],
    wards: ['271276', '271021'],
    csrfToken: `csrf-${id}`,
    createdAt: at(0),
    lastSeenAt: at(0),
    idleExpiresAt: at(1800),
    absoluteExpiresAt: at(36_000),
    ...overrides,
  };
}

/** The staff-session part of the Store contract, run inside each implementation's contract suite. */
export function describeStaffSessionContract(open: OpenStore): void {
  describe('staff sign-ins', () => {
    const store = freshStorePerTest(open);

    it('hands a sign-in out once: the second take of the same id gets null', async () => {
      await store().saveStaffSignIn(signIn('s1'));
      expect(await store().takeStaffSignIn('s1', at(10))).toEqual(signIn('s1'));
      expect(await store().takeStaffSignIn('s1', at(11))).toBeNull();
    });

    it('gives exactly one of two concurrent takes the sign-in', async () => {
      await store().saveStaffSignIn(signIn('s2'));
      const takes = await Promise.all([store().takeStaffSignIn('s2', at(10)), store().takeStaffSignIn('s2', at(10))]);
      expect(takes.filter((taken) => taken !== null)).toHaveLength(1);
    });

    it('treats an expired sign-in as absent, and an unknown id as absent', async () => {
      await store().saveStaffSignIn(signIn('s3'));
      expect(await store().takeStaffSignIn('s3', at(600))).toBeNull();
      expect(await store().takeStaffSignIn('nobody', at(1))).toBeNull();
    });
  });

  describe('staff sessions', () => {
    const store = freshStorePerTest(open);

    it('returns a live session with its roles and wards, as a copy', async () => {
      expect(await store().createStaffSession(session('a'))).toBe(true);
      const read = await store().getStaffSession('a', at(60));
      expect(read).toEqual(session('a'));
      read?.roles.push('admin');
      expect((await store().getStaffSession('a', at(60)))?.roles).toEqual(['clerk']);
    });

    it('never replaces a session: a second create with the same id is false and changes nothing', async () => {
      await store().createStaffSession(session('b'));
      expect(await store().createStaffSession(session('b', { staffId: 'someone-else', roles: ['admin'] }))).toBe(false);
      expect((await store().getStaffSession('b', at(1)))?.staffId).toBe('clerk-kita');
    });

    it('ends a session unused past its idle end, and a touch moves the idle end on', async () => {
      await store().createStaffSession(session('c'));
      expect(await store().touchStaffSession('c', at(1700), at(3500))).toBe(true);
      const touched = await store().getStaffSession('c', at(1900));
      expect(touched?.lastSeenAt).toBe(at(1700));
      expect(touched?.idleExpiresAt).toBe(at(3500));
      expect(await store().getStaffSession('c', at(3500))).toBeNull();
      expect(await store().touchStaffSession('c', at(3600), at(5400))).toBe(false);
    });

    it('ends a session at its absolute end however recently it was used', async () => {
      await store().createStaffSession(session('d', { idleExpiresAt: at(1800), absoluteExpiresAt: at(2000) }));
      expect(await store().touchStaffSession('d', at(1500), at(3300))).toBe(true);
      expect(await store().getStaffSession('d', at(1999))).not.toBeNull();
      expect(await store().getStaffSession('d', at(2000))).toBeNull();
    });

    it('deletes a session on sign-out; deleting it again is false', async () => {
      await store().createStaffSession(session('e'));
      expect(await store().deleteStaffSession('e')).toBe(true);
      expect(await store().getStaffSession('e', at(1))).toBeNull();
      expect(await store().deleteStaffSession('e')).toBe(false);
    });
  });
}
