/**
 * Staff sign-in to the console through the dev profile's bundled OpenID
 * Connect provider, over its real socket; the console through app.request().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../src/console/console-app.js';
import type { StaffSessionEvent } from '../../src/staff/staff-events.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  authorizeAt,
  consoleOrigin,
  consolePage,
  csrfTokenOf,
  finishSignIn,
  postSignOut,
  SESSION_COOKIE,
  setCookieLine,
  setCookies,
  signIn,
  startSignIn,
} from '../support/staff-sign-in.js';

let gateway: TestGateway;
/** What the console told its StaffEvents listener. */
const events: { kind: string; event: StaffSessionEvent }[] = [];
let failNextSignIn = false;
/** How far the gateway's clock is moved on from the fixture clock. */
let clockOffsetMs = 0;

beforeAll(async () => {
  gateway = await startTestGateway({
    clock: () => new Date(fixtureClock().getTime() + clockOffsetMs),
    staffEvents: {
      signedIn: async (event) => {
        if (failNextSignIn) {
          failNextSignIn = false;
          throw new Error('the audit trail cannot be written');
        }
        events.push({ kind: 'signed-in', event });
      },
      signedOut: async (event) => {
        events.push({ kind: 'signed-out', event });
      },
    },
  });
});

afterAll(async () => {
  await gateway?.dispose();
});

/** What the gateway logged of the last refused sign-in: which check failed. */
function lastRefusal(): string {
  const line = gateway.logLines().filter((entry) => entry.includes('"staff-sign-in-refused"')).at(-1);
  return line ? (JSON.parse(line) as { detail: string }).detail : '';
}

async function landing(session: string): Promise<{ status: number; html: string }> {
  const response = await consolePage(gateway, '/console', session);
  return { status: response.status, html: await response.text() };
}

describe('signing in', () => {
  it('sends a visitor without a session to sign in, and the sign-in to the provider with PKCE S256, state and nonce', async () => {
    const visit = await gateway.app.request('/console');
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/console/sign-in');
    const { authorizeUrl } = await startSignIn(gateway);
    expect(authorizeUrl.origin).toBe(new URL(gateway.dev.staffOidc!.issuer).origin);
    expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorizeUrl.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`http://localhost:${gateway.config.port}/console/callback`);
  });

  it('signs a clerk of 北区 in and shows name, role and ward on the landing page, in Japanese', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    const callback = await finishSignIn(gateway, await authorizeAt(authorizeUrl, 'clerk-kita'), signInCookie);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/console');
    const line = setCookieLine(callback, SESSION_COOKIE)!;
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Max-Age|Expires/);
    const page = await landing(setCookies(callback).get(SESSION_COOKIE)!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="ja">');
    expect(page.html).toContain('<dd id="staff-name">北野 花子</dd>');
    expect(page.html).toContain('<dd id="staff-roles">受付・審査</dd>');
    expect(page.html).toContain('<dd id="staff-wards">北区</dd>');
  });

  it('shows a staff member of two wards both, and an operator that they have no ward', async () => {
    expect((await landing(await signIn(gateway, 'clerk-chuo-nishi'))).html).toContain('<dd id="staff-wards">中央区、西区</dd>');
    const operator = (await landing(await signIn(gateway, 'operator-1'))).html;
    expect(operator).toContain('運用（配信・デッドレター）');
    expect(operator).toContain('担当区なし');
  });

  it('serves the console under a CSP without unsafe-inline and with its own stylesheet only', async () => {
    const response = await consolePage(gateway, '/console', await signIn(gateway, 'clerk-kita'));
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    // under no-referrer a browser posts the console's own forms with `Origin: null`
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    const html = await response.text();
    expect(html).not.toMatch(/<script|style=|https?:\/\//);
    const css = await gateway.app.request('/console/assets/console.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('switches to English and back, and never redirects outside the console', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const toggle = await gateway.app.request('/console/language/en?back=/console');
    expect(toggle.status).toBe(303);
    const language = setCookies(toggle).get('kakehashi-console-language');
    expect(language).toBe('en');
    const english = await (await consolePage(gateway, '/console', session, { cookie: `${SESSION_COOKIE}=${session}; kakehashi-console-language=en` })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<dd id="staff-roles">Clerk (intake and review)</dd>');
    expect(english).toContain('<dd id="staff-wards">Kita</dd>');
    expect(english).toContain('>日本語</a>');
    const away = await gateway.app.request('/console/language/en?back=https://evil.example/');
    expect(away.headers.get('location')).toBe('/console');
  });
});

describe('signing out', () => {
  it('ends the session with the form’s CSRF token: the cookie is cleared and no longer works', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const csrf = csrfTokenOf((await landing(session)).html);
    const signOut = await postSignOut(gateway, session, { csrf });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get('location')).toBe('/console/signed-out');
    expect(setCookieLine(signOut, SESSION_COOKIE)).toMatch(/Max-Age=0/);
    const after = await landing(session);
    expect(after.status).toBe(401);
    expect(after.html).toContain('セッションの有効期限が切れました');
    const signedOut = await (await gateway.app.request('/console/signed-out')).text();
    expect(signedOut).toContain('サインアウトしました');
  });
});

describe('what the console tells its StaffEvents listener (the audit trail)', () => {
  it('tells of a sign-in and a sign-out with the staff id, roles and wards, never the name', async () => {
    events.length = 0;
    const session = await signIn(gateway, 'clerk-chuo-nishi');
    await postSignOut(gateway, session, { csrf: csrfTokenOf((await landing(session)).html) });
    const expected = { staffId: 'clerk-chuo-nishi', roles: ['clerk'], wards: ['271284', '271063'], at: expect.any(String) };
    expect(events).toEqual([
      { kind: 'signed-in', event: expected },
      { kind: 'signed-out', event: expected },
    ]);
    expect(JSON.stringify(events)).not.toContain('本町');
  });

  it('lets no sign-in stand that the listener could not record: an error page, no usable session', async () => {
    failNextSignIn = true;
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    const callback = await finishSignIn(gateway, await authorizeAt(authorizeUrl, 'clerk-kita'), signInCookie);
    expect(callback.status).toBe(500);
    expect(callback.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await callback.text()).toContain('エラーが発生しました');
    expect(setCookies(callback).get(SESSION_COOKIE)).toBeUndefined();
  });
});

describe('attacks on sign-in, each refused with an HTML page and no session', () => {
  async function refusedCallback(response: Response, status: number, says: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(says);
    expect(setCookies(response).get(SESSION_COOKIE)).toBeUndefined();
  }

  it('refuses a forged state', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    const callbackUrl = await authorizeAt(authorizeUrl, 'clerk-kita');
    callbackUrl.searchParams.set('state', 'forged-state-forged-state-forged');
    await refusedCallback(await finishSignIn(gateway, callbackUrl, signInCookie), 400, 'サインインの応答が正しくありません');
  });

  it('refuses a replayed callback: the same code and state with the same cookie, after it signed in once', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    const callbackUrl = await authorizeAt(authorizeUrl, 'clerk-kita');
    expect((await finishSignIn(gateway, callbackUrl, signInCookie)).status).toBe(303);
    await refusedCallback(await finishSignIn(gateway, callbackUrl, signInCookie), 400, 'サインインの手続きが見つかりません');
  });

  it('refuses a used code brought to a new sign-in (its state fitted in): the provider will not redeem it twice', async () => {
    const first = await startSignIn(gateway);
    const usedCallback = await authorizeAt(first.authorizeUrl, 'clerk-kita');
    expect((await finishSignIn(gateway, usedCallback, first.signInCookie)).status).toBe(303);
    const second = await startSignIn(gateway);
    const replay = new URL(usedCallback);
    replay.searchParams.set('state', second.authorizeUrl.searchParams.get('state')!);
    await refusedCallback(await finishSignIn(gateway, replay, second.signInCookie), 400, 'サインインの応答が正しくありません');
    expect(lastRefusal()).toContain('invalid_grant');
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    authorizeUrl.searchParams.set('nonce', 'another-nonce-another-nonce-another');
    await refusedCallback(await finishSignIn(gateway, await authorizeAt(authorizeUrl, 'clerk-kita'), signInCookie), 400, 'サインインの応答が正しくありません');
    expect(lastRefusal()).toContain('nonce');
  });

  it('refuses a code obtained for another PKCE challenge', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    authorizeUrl.searchParams.set('code_challenge', 'A'.repeat(43));
    await refusedCallback(await finishSignIn(gateway, await authorizeAt(authorizeUrl, 'clerk-kita'), signInCookie), 400, 'サインインの応答が正しくありません');
    expect(lastRefusal()).toContain('invalid_grant');
  });

  it('refuses a callback without the sign-in cookie (the browser that started is not the one arriving)', async () => {
    const { authorizeUrl } = await startSignIn(gateway);
    await refusedCallback(await finishSignIn(gateway, await authorizeAt(authorizeUrl, 'clerk-kita'), undefined), 400, 'サインインの手続きが見つかりません');
  });

  it('refuses a sign-in the provider turned down', async () => {
    const { authorizeUrl, signInCookie } = await startSignIn(gateway);
    const denied = new URL(gateway.dev.staffOidc!.redirectUri);
    denied.search = new URLSearchParams({ error: 'access_denied', state: authorizeUrl.searchParams.get('state')!, iss: gateway.dev.staffOidc!.issuer }).toString();
    await refusedCallback(await finishSignIn(gateway, denied, signInCookie), 401, 'サインインできませんでした');
  });
});

describe('attacks on a session, each refused with nothing changed', () => {
  async function expectRefused(response: Response, says: string, session: string): Promise<void> {
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(says);
    expect((await landing(session)).status).toBe(200);
  }

  it('refuses a sign-out without the CSRF token, or with another session’s', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const other = csrfTokenOf((await landing(await signIn(gateway, 'clerk-kita'))).html);
    await expectRefused(await postSignOut(gateway, session, {}), '確認用トークン', session);
    await expectRefused(await postSignOut(gateway, session, { csrf: other }), '確認用トークン', session);
  });

  it('refuses the session cookie sent from another origin, even with the right CSRF token', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const csrf = csrfTokenOf((await landing(session)).html);
    await expectRefused(await postSignOut(gateway, session, { csrf }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), 'このコンソール以外', session);
    await expectRefused(await postSignOut(gateway, session, { csrf }, { origin: `${consoleOrigin(gateway)}.evil.example` }), 'このコンソール以外', session);
    await expectRefused(await postSignOut(gateway, session, { csrf }, { 'sec-fetch-site': 'same-site' }), 'このコンソール以外', session);
    await expectRefused(await postSignOut(gateway, session, { csrf }, {}), 'このコンソール以外', session);
    expect((await postSignOut(gateway, session, { csrf }, { origin: consoleOrigin(gateway) })).status).toBe(303);
  });

  it('refuses a form body far larger than any console form, with an HTML 413 page', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const csrf = csrfTokenOf((await landing(session)).html);
    const response = await postSignOut(gateway, session, { csrf, padding: 'x'.repeat(20_000) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('送信された内容が大きすぎます');
    expect((await landing(session)).status).toBe(200);
  });

  it('ends a session unused for 30 minutes, and says so', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    try {
      clockOffsetMs = 29 * 60_000;
      expect((await landing(session)).status).toBe(200);
      clockOffsetMs += 31 * 60_000;
      const expired = await landing(session);
      expect(expired.status).toBe(401);
      expect(expired.html).toContain('セッションの有効期限が切れました');
      expect(expired.html).toContain('href="/console/sign-in"');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('ends a session 10 hours after sign-in however busy it was', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    try {
      for (let minutes = 25; minutes < 600; minutes += 25) {
        clockOffsetMs = minutes * 60_000;
        expect((await landing(session)).status, `after ${minutes} minutes`).toBe(200);
      }
      clockOffsetMs = 600 * 60_000;
      expect((await landing(session)).status).toBe(401);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('answers an unknown console page with an HTML 404 page, and a forged session cookie as an ended session', async () => {
    const session = await signIn(gateway, 'clerk-kita');
    const missing = await consolePage(gateway, '/console/no-such-page', session);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await missing.text()).toContain('ページが見つかりません');
    expect((await landing('forged-session-token')).status).toBe(401);
  });
});
