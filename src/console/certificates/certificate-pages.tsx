import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { isAllowed } from '../../staff/authorization.js';
import type { ActiveSession } from '../../staff/staff-sessions.js';
import { revokeCertificate } from '../../issuance/revoke-certificate.js';
import type { Store } from '../../store/types.js';
import type { ConsoleEnv } from '../console-env.js';
import { ConsoleError } from '../console-error.js';
import { checkedForm } from '../csrf.js';
import { CertificatePage } from '../pages/certificate-page.js';
import type { Language } from '../texts.js';

/** What the revocation page needs of the gateway. */
export interface CertificatePagesDependencies {
  store: Store;
  clock: () => Date;
}

/** What the revocation page needs of the console around it. */
export interface CertificatePagesContext {
  language: (c: Context) => Language;
  page: (c: Context, status: number, element: JSX.Element) => Promise<Response>;
  formLimit: MiddlewareHandler;
}

/** Certificate ids are UUIDs; anything else is not one (and never reaches the store). */
const CERTIFICATE_ID = /^[\w-]{1,128}$/;
/** A revocation's reason: kept in the audit trail, so plain text. */
const REASON = /^[^<>]{1,500}$/;

function requireRevoker(session: ActiveSession): void {
  if (!isAllowed(session.staff, 'revoke-certificate')) throw new ConsoleError(403, 'noCertificatesTitle', 'noCertificatesBody');
}

function notFound(): ConsoleError {
  return new ConsoleError(404, 'notFoundTitle', 'notFoundBody');
}

/**
 * Certificate revocation in the console, for the roles the authorisation
 * matrix allows: find a certificate by id, revoke it with a reason. The
 * revocation is an audit entry naming the staff member, in the same
 * transaction, and a timeline entry of the application, as through the API.
 */
export function registerCertificatePages(app: Hono<ConsoleEnv>, deps: CertificatePagesDependencies, shell: CertificatePagesContext): void {
  const { store } = deps;

  app.get('/certificates', async (c) => {
    const session = c.get('session');
    requireRevoker(session);
    const id = c.req.query('id')?.trim() || undefined;
    if (id !== undefined && !CERTIFICATE_ID.test(id)) throw new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: 'id' });
    const certificate = id === undefined ? null : await store.getCertificate(id);
    if (id !== undefined && !certificate) throw notFound();
    return shell.page(c, 200, <CertificatePage language={shell.language(c)} certificate={certificate} csrfToken={session.csrfToken} />);
  });

  app.post('/certificates/:id/revoke', shell.formLimit, async (c) => {
    const session = c.get('session');
    const form = await checkedForm(c, session);
    requireRevoker(session);
    const id = c.req.param('id');
    const certificate = CERTIFICATE_ID.test(id) ? await store.getCertificate(id) : null;
    if (!certificate) throw notFound();
    const reason = (form['reason'] ?? '').trim();
    if (!REASON.test(reason)) throw new ConsoleError(422, 'revokeRefusedTitle', 'revocationReasonBody');
    const alreadyRevoked = () => new ConsoleError(409, 'revokeRefusedTitle', 'alreadyRevokedBody');
    if (certificate.revokedAt !== null) throw alreadyRevoked();
    const now = deps.clock().toISOString();
    const actor = { kind: 'staff' as const, id: session.staff.id, role: 'admin' };
    if (!(await revokeCertificate(store, certificate, reason, actor, now))) throw alreadyRevoked();
    c.get('log')?.info({ certificateId: id, staffId: actor.id }, 'certificate revoked in the console');
    return c.redirect(`/console/certificates?id=${encodeURIComponent(id)}`, 303);
  });
}
