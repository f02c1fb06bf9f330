import type { DevGateway } from '../../src/dev/dev-gateway.js';

/** The `name=value` pairs a response sets, by name (a deleted cookie maps to ''). */
export function setCookies(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
  }
  return cookies;
}

/** The Set-Cookie line of one cookie, attributes included. */
export function setCookieLine(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

export const SIGN_IN_COOKIE = 'kakehashi-staff-sign-in';
export const SESSION_COOKIE = 'kakehashi-staff-session';

/** The console's origin: the one of the redirect URI the dev profile registered at its provider (http://localhost:<port>). */
export function consoleOrigin(gateway: DevGateway): string {
  return new URL(gateway.dev.staffOidc!.redirectUri).origin;
}

/** Step 1: the console sends the browser to the provider. */
export async function startSignIn(gateway: DevGateway): Promise<{ authorizeUrl: URL; signInCookie: string }> {
  const response = await gateway.app.request('/console/sign-in');
  if (response.status !== 302) throw new Error(`sign-in did not redirect: ${response.status}`);
  const signInCookie = setCookies(response).get(SIGN_IN_COOKIE);
  if (!signInCookie) throw new Error('sign-in set no sign-in cookie');
  return { authorizeUrl: new URL(response.headers.get('location')!), signInCookie };
}

/**
 * Step 2, at the dev identity provider over its real socket: follows the
 * authorization request, chooses `staffId` on the sign-in page, and returns
 * the URL the provider sends the browser back to (the console's callback).
 */
export async function authorizeAt(authorizeUrl: URL, staffId: string): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const [name, value] of setCookies(response)) jar.set(name, value);
    return response;
  };
  let response = await send(authorizeUrl);
  let location = new URL(response.headers.get('location') ?? '', authorizeUrl);
  if (!location.pathname.startsWith('/interaction/')) throw new Error(`the provider did not ask to sign in: ${response.status} ${location.href}`);
  response = await send(new URL(`${location.pathname}/login`, authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ staff: staffId }).toString(),
  });
  location = new URL(response.headers.get('location') ?? '', authorizeUrl);
  for (let hop = 0; hop < 5 && location.origin === authorizeUrl.origin; hop += 1) {
    response = await send(location);
    location = new URL(response.headers.get('location') ?? '', authorizeUrl);
  }
  if (!location.pathname.endsWith('/console/callback')) throw new Error(`the provider did not send back to the console: ${response.status} ${location.href}`);
  return location;
}

/** Step 3: the browser arrives at the console's callback with its sign-in cookie. */
export function finishSignIn(gateway: DevGateway, callbackUrl: URL, signInCookie: string | undefined): Promise<Response> {
  return Promise.resolve(
    gateway.app.request(`${callbackUrl.pathname}${callbackUrl.search}`, { headers: signInCookie ? { cookie: `${SIGN_IN_COOKIE}=${signInCookie}` } : {} }),
  );
}

/** All three steps: the session cookie of `staffId`, signed in. */
export async function signIn(gateway: DevGateway, staffId: string): Promise<string> {
  const { authorizeUrl, signInCookie } = await startSignIn(gateway);
  const response = await finishSignIn(gateway, await authorizeAt(authorizeUrl, staffId), signInCookie);
  const session = setCookies(response).get(SESSION_COOKIE);
  if (response.status !== 303 || !session) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return session;
}

/** Signs each staff member in once, on first use, and hands out their session cookie value after that. */
export function sessionsOf(gateway: DevGateway): (staffId: string) => Promise<string> {
  const sessions = new Map<string, Promise<string>>();
  return (staffId) => {
    if (!sessions.has(staffId)) sessions.set(staffId, signIn(gateway, staffId));
    return sessions.get(staffId)!;
  };
}

/** GET a console page with a session cookie. */
export function consolePage(gateway: DevGateway, path: string, session: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(gateway.app.request(path, { headers: { cookie: `${SESSION_COOKIE}=${session}`, ...headers } }));
}

/** The CSRF token in a console page's form. */
export function csrfTokenOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no CSRF token');
  return match[1]!;
}

/** POST /console/sign-out as the console's own form would, with overrides for attacks. */
export function postSignOut(gateway: DevGateway, session: string, form: Record<string, string>, headers: Record<string, string> = { origin: consoleOrigin(gateway), 'sec-fetch-site': 'same-origin' }): Promise<Response> {
  return Promise.resolve(
    gateway.app.request('/console/sign-out', {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${session}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}
