/**
 * Certificate revocation in the console: an administrator signed in through
 * the dev profile's bundled OpenID Connect provider finds a certificate and
 * revokes it with a reason, through app.request(), against the gateway's
 * SQLite store.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consoleOrigin, consolePage, csrfTokenOf, SESSION_COOKIE, sessionsOf } from '../support/staff-sign-in.js';

/** What the certificate's document holds and the page must never show. */
const RESIDENT_NAME = '失効花子';

let gateway: TestGateway;
let sessionOf: (staffId: string) => Promise<string>;

beforeAll(async () => {
  gateway = await startTestGateway();
  sessionOf = sessionsOf(gateway);
});
afterAll(() => gateway?.dispose());

/** An issued certificate of a juminhyo-copy application. */
async function issuedCertificate(): Promise<{ applicationId: string; certificateId: string }> {
  const applicationId = randomUUID();
  const certificateId = randomUUID();
  const now = fixtureClock().toISOString();
  await gateway.store.createApplication({
    application: {
      id: applicationId,
      procedureId: 'juminhyo-copy',
      clientId: 'dev-frontend',
      status: 'issued',
      form: {},
      identity: null,
      payment: null,
      issuance: { method: 'electronic' },
      accessTokenHash: 'a'.repeat(64),
      createdAt: now,
      updatedAt: now,
    },
    timeline: [{ status: 'received', at: now, source: 'intake', detail: 'Application received' }],
    job: { id: `${applicationId}:0`, applicationId, step: 0, name: 'complete', payload: {}, runAt: now },
    claims: [],
  });
  const document = JSON.stringify({ holder: { name: RESIDENT_NAME } });
  await gateway.store.saveCertificate({ id: certificateId, applicationId, type: 'juminhyo-copy', document, documentHash: 'b'.repeat(64), signature: 'c2lnbmF0dXJl', issuedAt: now, revokedAt: null, revocationReason: null });
  return { applicationId, certificateId };
}

async function view(staffId: string, path: string): Promise<{ status: number; html: string }> {
  const response = await consolePage(gateway, path, await sessionOf(staffId));
  return { status: response.status, html: await response.text() };
}

async function revoke(staffId: string, certificateId: string, form: Record<string, string>, headers: Record<string, string> = { origin: consoleOrigin(gateway), 'sec-fetch-site': 'same-origin' }): Promise<Response> {
  return gateway.app.request(`/console/certificates/${certificateId}/revoke`, {
    method: 'POST',
    headers: { cookie: `${SESSION_COOKIE}=${await sessionOf(staffId)}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Revokes through the page's own form: the CSRF token read off the page first. */
async function revokeOnPage(staffId: string, certificateId: string, reason: string): Promise<Response> {
  const { html } = await view(staffId, `/console/certificates?id=${certificateId}`);
  return revoke(staffId, certificateId, { csrf: csrfTokenOf(html), reason });
}

async function revocationEntries(certificateId: string) {
  return (await gateway.store.listAudit(0, 10_000)).filter((entry) => entry.target.type === 'certificate' && entry.target.id === certificateId);
}

describe('certificate revocation in the console', () => {
  it('shows an administrator the certificate’s facts without its document, and revokes it with the reason', async () => {
    const { applicationId, certificateId } = await issuedCertificate();
    expect((await view('admin', '/console')).html).toContain('href="/console/certificates"');
    const page = await view('admin', `/console/certificates?id=${certificateId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(applicationId);
    expect(page.html).toContain('data-revoked="no"');
    expect(page.html).not.toContain(RESIDENT_NAME);

    const reason = '発行内容に誤りがあったため';
    const response = await revokeOnPage('admin', certificateId, reason);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/console/certificates?id=${certificateId}`);
    const stored = (await gateway.store.getCertificate(certificateId))!;
    expect(stored.revocationReason).toBe(reason);
    expect(stored.revokedAt).not.toBeNull();
    const after = await view('admin', `/console/certificates?id=${certificateId}`);
    expect(after.html).toContain('data-revoked="yes"');
    expect(after.html).not.toContain('id="revoke"');
    const entries = await revocationEntries(certificateId);
    expect(entries.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([['certificate.revoke', { kind: 'staff', id: 'admin', role: 'admin' }, reason]]);
    expect((await gateway.store.getTimeline(applicationId)).at(-1)).toMatchObject({ source: 'staff:admin', detail: `証明書 ${certificateId} を失効させました / Certificate ${certificateId} revoked` });
  });

  it('refuses a second revocation with a 409 page and keeps the first reason', async () => {
    const { certificateId } = await issuedCertificate();
    await revokeOnPage('admin', certificateId, '最初の理由');
    const { html } = await view('admin', '/console');
    const again = await revoke('admin', certificateId, { csrf: csrfTokenOf(html), reason: '二度目の理由' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('すでに失効しています');
    expect((await gateway.store.getCertificate(certificateId))!.revocationReason).toBe('最初の理由');
    expect(await revocationEntries(certificateId)).toHaveLength(1);
  });

  it.each([
    ['no reason', ''],
    ['markup', '<script>alert(1)</script>'],
    ['too long a reason', 'あ'.repeat(501)],
  ])('refuses %s with a 422 page, and nothing is revoked', async (_, reason) => {
    const { certificateId } = await issuedCertificate();
    const response = await revokeOnPage('admin', certificateId, reason);
    expect(response.status).toBe(422);
    expect((await gateway.store.getCertificate(certificateId))!.revokedAt).toBeNull();
    expect(await revocationEntries(certificateId)).toEqual([]);
  });

  it('refuses an operator (403 page, the page and the post), a missing CSRF token and another site', async () => {
    const { certificateId } = await issuedCertificate();
    expect((await view('operator-1', `/console/certificates?id=${certificateId}`)).status).toBe(403);
    expect((await view('operator-1', '/console')).html).not.toContain('href="/console/certificates"');
    const operatorToken = csrfTokenOf((await view('operator-1', '/console')).html);
    expect((await revoke('operator-1', certificateId, { csrf: operatorToken, reason: '理由' })).status).toBe(403);
    expect((await revoke('admin', certificateId, { reason: '理由' })).status).toBe(403);
    const adminToken = csrfTokenOf((await view('admin', '/console')).html);
    expect((await revoke('admin', certificateId, { csrf: adminToken, reason: '理由' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await gateway.store.getCertificate(certificateId))!.revokedAt).toBeNull();
    expect(await revocationEntries(certificateId)).toEqual([]);
  });

  it('answers an unknown certificate with a 404 page and a malformed id with a 400 page naming it', async () => {
    expect((await view('admin', `/console/certificates?id=${randomUUID()}`)).status).toBe(404);
    const malformed = await view('admin', '/console/certificates?id=%3Cx%3E');
    expect(malformed.status).toBe(400);
    expect(malformed.html).toContain('<p id="detail">id</p>');
  });
});
