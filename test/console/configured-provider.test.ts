/**
 * The console with a configured provider (as production has): the settings
 * come from `staff.oidc`, not from the dev profile; over https the cookies
 * are `Secure` with the `__Host-` prefix. The provider is the bundled one,
 * started on its own here with the https redirect URI registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleApp } from '../../src/console/console-app.js';
import { DEV_STAFF_CLIENT } from '../../src/dev/identity-provider/dev-client.js';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../src/dev/identity-provider/start-identity-provider.js';
import { createLogger } from '../../src/logger.js';
import { NO_STAFF_EVENTS } from '../../src/staff/staff-events.js';
import { StaffSessions } from '../../src/staff/staff-sessions.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { authorizeAt, setCookieLine, setCookies } from '../support/staff-sign-in.js';

const CONSOLE = 'https://console.city.example';
const REDIRECT_URI = `${CONSOLE}/console/callback`;

let provider: DevIdentityProvider;
let gateway: TestGateway;
let directory: string;
let store: SqliteStore;

beforeAll(async () => {
  provider = await startDevIdentityProvider({ host: '127.0.0.1', port: 0, redirectUri: REDIRECT_URI, logger: createLogger({ level: 'silent' }) });
  gateway = await startTestGateway({ config: { staff: { oidc: { issuer: provider.issuer, ...DEV_STAFF_CLIENT, redirectUri: REDIRECT_URI } } } as never });
  directory = mkdtempSync(join(tmpdir(), 'kakehashi-console-'));
  store = openSqliteStore({ path: join(directory, 'kakehashi.db') });
});

afterAll(async () => {
  await gateway?.dispose();
  await store?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  await provider?.close();
});

describe('a configured identity provider, console over https', () => {
  it('signs in with __Host- cookies that are Secure, HttpOnly and SameSite=Lax', async () => {
    const start = await gateway.app.request(`${CONSOLE}/console/sign-in`);
    expect(start.status).toBe(302);
    expect(setCookieLine(start, '__Host-kakehashi-staff-sign-in')).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const authorizeUrl = new URL(start.headers.get('location')!);
    expect(authorizeUrl.origin).toBe(provider.issuer);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const callbackUrl = await authorizeAt(authorizeUrl, 'approver-kita');
    const callback = await gateway.app.request(callbackUrl.href, { headers: { cookie: `__Host-kakehashi-staff-sign-in=${setCookies(start).get('__Host-kakehashi-staff-sign-in')}` } });
    expect(callback.status).toBe(303);
    const line = setCookieLine(callback, '__Host-kakehashi-staff-session')!;
    expect(line).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(line).not.toMatch(/Domain=/);
    const landing = await gateway.app.request(`${CONSOLE}/console`, { headers: { cookie: `__Host-kakehashi-staff-session=${setCookies(callback).get('__Host-kakehashi-staff-session')}` } });
    expect(await landing.text()).toContain('<dd id="staff-roles">決裁</dd>');
  });

  it('does not take the session from a cookie without the prefix', async () => {
    const response = await gateway.app.request(`${CONSOLE}/console`, { headers: { cookie: 'kakehashi-staff-session=anything' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/sign-in');
  });
});

describe('a store that cannot take writes', () => {
  it('answers the sign-in with an HTML 503 page saying to try again, not a stack or JSON', async () => {
    const full = new Proxy(openSqliteStore({ path: join(directory, 'full.db') }), {
      get(target, property, receiver) {
        if (property === 'saveStaffSignIn') return async () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const failing = await startTestGateway({ store: full });
    try {
      const response = await failing.app.request('/console/sign-in');
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('ただいまサインインできません');
      expect(html).not.toContain('SQLITE_FULL');
      expect(setCookies(response).size).toBe(0);
    } finally {
      await failing.dispose();
    }
  });
});

describe('no identity provider at all', () => {
  it('says on an HTML page that staff sign-in is not configured', async () => {
    const clock = () => new Date();
    const consoleApp = createConsoleApp({
      oidc: undefined,
      sessions: new StaffSessions({ store, clock, idleMinutes: 30, absoluteHours: 10 }),
      events: NO_STAFF_EVENTS,
      clock,
      logger: createLogger({ level: 'silent' }),
    });
    const response = await consoleApp.request('/sign-in');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('職員サインインが設定されていません');
  });
});
