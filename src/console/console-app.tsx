import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Logger } from '../logger.js';
import { SignInRefusedError, SignInUnavailableError, StaffSignInClient } from '../staff/oidc-sign-in.js';
import type { StaffEvents } from '../staff/staff-events.js';
import { sameSecret, type StaffSessions } from '../staff/staff-sessions.js';
import type { StaffOidcConfig } from '../staff/staff-config.js';
import { StorageUnavailableError } from '../store/store-errors.js';
import type { Store } from '../store/types.js';
import { ConsoleCookies } from './console-cookies.js';
import { CONSOLE_CSS } from './console-css.js';
import { ConsoleError } from './console-error.js';
import { checkedForm } from './csrf.js';
import type { ConsoleEnv } from './console-env.js';
import { registerAuditPages } from './audit/audit-pages.js';
import { registerCertificatePages } from './certificates/certificate-pages.js';
import { registerDeadLetterPages, type DeadLetterPagesDependencies } from './dead-letters/dead-letter-pages.js';
import { registerReviewPages, type ReviewPagesDependencies } from './reviews/review-pages.js';
import { registerStatisticsPages, type StatisticsPagesDependencies } from './statistics/statistics-pages.js';
import { LandingPage } from './pages/landing-page.js';
import { MessagePage } from './pages/message-page.js';
import { requireSameOrigin } from './same-origin.js';
import type { Language } from './texts.js';

/**
 * Only this origin's stylesheet; no script at all, no inline code, no
 * third-party origin, no framing; forms post only here.
 */
export const CONSOLE_CSP = ["default-src 'none'", "style-src 'self'", "img-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

export interface ConsoleDependencies {
  /** The city's identity provider; undefined: sign-in is not configured and the console says so. */
  oidc: StaffOidcConfig | undefined;
  sessions: StaffSessions;
  events: StaffEvents;
  clock: () => Date;
  logger: Logger;
  /** The review desk, store and catalog behind the review queue and application pages; without them the console has no review pages. */
  reviews?: Omit<ReviewPagesDependencies, 'clock'>;
  /** The store, catalog and runner behind the dead-letter page; without them the console has no dead-letter page. */
  deadLetters?: Omit<DeadLetterPagesDependencies, 'clock'>;
  /** The store behind certificate revocation; without it the console has no revocation page. */
  certificates?: { store: Store };
  /** The store behind the auditor's export of the audit trail; without it the console has no audit page. */
  audit?: { store: Store };
  /** The form-event counts, catalog and form fields behind the drop-off chart; without them the console has no statistics page. */
  statistics?: Omit<StatisticsPagesDependencies, 'clock'>;
}

/** The console's forms are a few hidden fields and a reason: far below this. */
const FORM_BYTES = 16 * 1024;

async function page(c: Context, status: number, element: JSX.Element): Promise<Response> {
  return c.html(`<!doctype html>${String(await element)}`, status as 200, { 'cache-control': 'no-store' });
}

/**
 * The staff console at `/console`, server-rendered: sign-in through the city's
 * OpenID Connect provider, the landing page, the review queue and an
 * application's page with its decisions, sign-out. Every answer is an
 * HTML page, errors included.
 */
export function createConsoleApp(deps: ConsoleDependencies): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const secure = deps.oidc ? new URL(deps.oidc.redirectUri).protocol === 'https:' : true;
  const cookies = new ConsoleCookies(secure);
  const client = deps.oidc ? new StaffSignInClient(deps.oidc) : undefined;
  const language = (c: Context): Language => cookies.language(c);
  const message = (c: Context, status: number, title: ConsoleError['title'], body: ConsoleError['body'], offerSignIn: boolean, detail?: string) =>
    page(c, status, <MessagePage language={language(c)} title={title} body={body} offerSignIn={offerSignIn} {...(detail ? { detail } : {})} />);

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CONSOLE_CSP);
    // not no-referrer: under it a browser sends `Origin: null` with the console's own form posts
    c.header('referrer-policy', 'same-origin');
  });
  if (deps.oidc) app.use('*', requireSameOrigin(new URL(deps.oidc.redirectUri).origin));

  app.get('/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  app.get('/language/:language', (c) => {
    const chosen = c.req.param('language') === 'en' ? 'en' : 'ja';
    cookies.setLanguage(c, chosen);
    const back = c.req.query('back') ?? '/console';
    // only back into the console: never an open redirect
    return c.redirect(/^\/console(\/[\w./-]*)?$/.test(back) ? back : '/console', 303);
  });

  app.get('/sign-in', async (c) => {
    if (!client) throw new ConsoleError(503, 'notConfiguredTitle', 'notConfiguredBody');
    const checks = StaffSignInClient.newChecks();
    const url = await client.authorizationUrl(checks);
    const { token, maxAgeSeconds } = await deps.sessions.beginSignIn(checks, '/console');
    cookies.setSignIn(c, token, maxAgeSeconds);
    return c.redirect(url.href, 302);
  });

  app.get('/callback', async (c) => {
    if (!client) throw new ConsoleError(503, 'notConfiguredTitle', 'notConfiguredBody');
    const token = cookies.signIn(c);
    cookies.clearSignIn(c);
    const signIn = token ? await deps.sessions.takeSignIn(token) : null;
    if (!signIn) throw new ConsoleError(400, 'signInLostTitle', 'signInLostBody', true);
    if (!sameSecret(c.req.query('state') ?? '', signIn.state)) throw new ConsoleError(400, 'signInInvalidTitle', 'signInInvalidBody', true);
    const staff = await client.finish(new URL(c.req.url).search, signIn);
    const opened = await deps.sessions.open(staff);
    try {
      await deps.events.signedIn({ staffId: staff.id, roles: staff.roles, wards: staff.wards, at: deps.clock().toISOString() });
    } catch (error) {
      // a sign-in that could not be recorded does not stand
      await deps.sessions.end(opened.token);
      throw error;
    }
    cookies.setSession(c, opened.token);
    c.get('log')?.info({ event: 'staff-signed-in', staffId: staff.id, roles: staff.roles }, 'staff signed in to the console');
    return c.redirect(signIn.returnTo, 303);
  });

  app.get('/signed-out', (c) => message(c, 200, 'signedOutTitle', 'signedOutBody', true));

  // everything below needs a live session
  app.use('*', async (c, next) => {
    const token = cookies.session(c);
    const found = await deps.sessions.lookUp(token);
    if (found.kind === 'active') {
      c.set('session', found.session);
      await next();
      return;
    }
    if (found.kind === 'ended') {
      cookies.clearSession(c);
      throw new ConsoleError(401, 'sessionEndedTitle', 'sessionEndedBody', true);
    }
    if (c.req.method === 'GET') return c.redirect('/console/sign-in', 303);
    throw new ConsoleError(401, 'sessionEndedTitle', 'sessionEndedBody', true);
  });

  app.get('/', (c) => page(c, 200, <LandingPage language={language(c)} session={c.get('session')} />));

  const formLimit = bodyLimit({
    maxSize: FORM_BYTES,
    onError: () => {
      throw new ConsoleError(413, 'tooLargeTitle', 'tooLargeBody');
    },
  });

  app.post('/sign-out', formLimit, async (c) => {
    const session = c.get('session');
    await checkedForm(c, session);
    await deps.sessions.end(cookies.session(c) ?? '');
    cookies.clearSession(c);
    await deps.events.signedOut({ staffId: session.staff.id, roles: session.staff.roles, wards: session.staff.wards, at: deps.clock().toISOString() });
    return c.redirect('/console/signed-out', 303);
  });

  if (deps.reviews) registerReviewPages(app, { ...deps.reviews, clock: deps.clock }, { language, page, formLimit });
  if (deps.deadLetters) registerDeadLetterPages(app, { ...deps.deadLetters, clock: deps.clock }, { language, page, formLimit });
  if (deps.certificates) registerCertificatePages(app, { ...deps.certificates, clock: deps.clock }, { language, page, formLimit });
  if (deps.audit) registerAuditPages(app, { ...deps.audit, clock: deps.clock }, { language, page });
  if (deps.statistics) registerStatisticsPages(app, { ...deps.statistics, clock: deps.clock }, { language, page });

  app.all('*', () => {
    throw new ConsoleError(404, 'notFoundTitle', 'notFoundBody');
  });

  app.onError((error, c) => {
    if (error instanceof ConsoleError) return message(c, error.status, error.title, error.body, error.offerSignIn, error.detail);
    if (error instanceof SignInRefusedError) {
      c.get('log')?.warn({ event: 'staff-sign-in-refused', reason: error.reason, detail: error.message }, 'staff sign-in refused');
      if (error.reason === 'no-staff-role') return message(c, 403, 'noRoleTitle', 'noRoleBody', false);
      if (error.reason === 'provider-refused') return message(c, 401, 'signInRefusedTitle', 'signInRefusedBody', true);
      return message(c, 400, 'signInInvalidTitle', 'signInInvalidBody', true);
    }
    if (error instanceof SignInUnavailableError || error instanceof StorageUnavailableError) {
      c.get('log')?.warn({ event: 'staff-sign-in-unavailable', err: error }, 'staff sign-in unavailable');
      return message(c, 503, 'unavailableTitle', 'unavailableBody', true);
    }
    (c.get('log') ?? deps.logger).error({ err: error }, 'unhandled error in the console');
    return page(c, 500, <MessagePage language={language(c)} title="errorTitle" body="errorBody" offerSignIn={false} requestId={c.get('requestId')} />);
  });
  return app;
}
