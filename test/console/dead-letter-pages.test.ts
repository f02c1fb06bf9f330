/**
 * The console's dead letters: operators signed in through the dev profile's
 * bundled OpenID Connect provider list them and replay or discard one with
 * four eyes, through app.request(); the dead letters are real jobs of the
 * gateway's SQLite store.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/types.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consoleOrigin, consolePage, csrfTokenOf, SESSION_COOKIE, sessionsOf } from '../support/staff-sign-in.js';

/** What the dead letter's payload holds and the page must never show. */
const MY_NUMBER = '123456789018';
const RESIDENT_NAME = '死信太郎';
const REASON = 'upstream-refused: tax refused the message as malformed.';

let gateway: TestGateway;
let sessionOf: (staffId: string) => Promise<string>;

beforeAll(async () => {
  gateway = await startTestGateway();
  sessionOf = sessionsOf(gateway);
});
afterAll(() => gateway?.dispose());

/** A tax-certificate application whose `request-assessment` step (to the tax system) ended in the dead letters. */
async function deadLetter(): Promise<{ applicationId: string; jobId: string }> {
  const applicationId = randomUUID();
  const jobId = `${applicationId}:1`;
  const now = fixtureClock().toISOString();
  await gateway.store.createApplication({
    application: {
      id: applicationId,
      procedureId: 'tax-certificate',
      clientId: 'dev-frontend',
      status: 'in-progress',
      form: { purpose: '年金の手続' },
      identity: null,
      payment: null,
      issuance: { method: 'electronic' },
      accessTokenHash: 'a'.repeat(64),
      createdAt: now,
      updatedAt: now,
    },
    timeline: [{ status: 'received', at: now, source: 'intake', detail: 'Application received' }],
    job: { id: jobId, applicationId, step: 1, name: 'request-assessment', payload: { myNumber: MY_NUMBER, name: RESIDENT_NAME }, runAt: now },
    claims: [],
  });
  // leases every ready job (a replayed one of an earlier test too), then parks this one in the dead letters
  const claimed = await gateway.store.claimJobs('test-owner', now, new Date(Date.parse(now) + 60_000).toISOString(), 100);
  expect(claimed.map((job) => job.id)).toContain(jobId);
  expect(await gateway.store.deadLetter(jobId, 'test-owner', now, REASON)).toBe(true);
  return { applicationId, jobId };
}

async function view(staffId: string, path = '/console/dead-letters'): Promise<{ status: number; html: string }> {
  const response = await consolePage(gateway, path, await sessionOf(staffId));
  return { status: response.status, html: await response.text() };
}

const SAME_ORIGIN = () => ({ origin: consoleOrigin(gateway), 'sec-fetch-site': 'same-origin' });

async function post(staffId: string, path: string, form: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN()): Promise<Response> {
  const session = await sessionOf(staffId);
  return gateway.app.request(path, {
    method: 'POST',
    headers: { cookie: `${SESSION_COOKIE}=${session}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Posts one of the page's forms as the browser would: the CSRF token read off the page first. */
async function postOnPage(staffId: string, path: string, form: Record<string, string>): Promise<Response> {
  const { html } = await view(staffId);
  return post(staffId, path, { csrf: csrfTokenOf(html), ...form });
}

/** The row of one dead letter on the page. */
function rowOf(html: string, jobId: string): string {
  const start = html.indexOf(`data-dead-letter="${jobId}"`);
  expect(start, `no row for ${jobId}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</tr>', start));
}

async function auditOf(jobId: string): Promise<AuditEntry[]> {
  return (await gateway.store.listAudit(0, 10_000)).filter((entry) => entry.target.type === 'dead-letter' && entry.target.id === jobId);
}

describe('the dead-letter page', () => {
  it('lists a dead letter with its step, system and reason for an operator, never its payload', async () => {
    const { jobId, applicationId } = await deadLetter();
    const page = await view('operator-1');
    expect(page.status).toBe(200);
    const row = rowOf(page.html, jobId);
    expect(row).toContain(applicationId);
    expect(row).toContain('request-assessment (tax)');
    expect(row).toContain(REASON);
    expect(row).toContain('再送を依頼する');
    expect(row).toContain('破棄を依頼する');
    expect(page.html).not.toContain(MY_NUMBER);
    expect(page.html).not.toContain(RESIDENT_NAME);
    // the payload the page must not show does hold the personal data
    expect(JSON.stringify((await gateway.store.getJob(jobId))!.payload)).toContain(MY_NUMBER);
  });

  it('shows an auditor the dead letters without any form, and refuses a clerk with a 403 page', async () => {
    const { jobId } = await deadLetter();
    const auditor = await view('auditor');
    expect(auditor.status).toBe(200);
    expect(rowOf(auditor.html, jobId)).not.toContain('<form');
    const clerk = await view('clerk-kita');
    expect(clerk.status).toBe(403);
    expect(clerk.html).toContain('デッドレターの一覧は使えません');
  });

  it('leads operators to it from the landing page, and not clerks', async () => {
    expect((await view('operator-1', '/console')).html).toContain('href="/console/dead-letters"');
    expect((await view('clerk-kita', '/console')).html).not.toContain('href="/console/dead-letters"');
  });

  it('answers a malformed page cursor with a 400 page naming it', async () => {
    const page = await view('operator-1', '/console/dead-letters?after=%3Cx%3E');
    expect(page.status).toBe(400);
    expect(page.html).toContain('<p id="detail">after</p>');
  });
});

describe('four-eyes replay', () => {
  it('waits after one operator asks, runs again once another approves; audit entries name both', async () => {
    const { jobId, applicationId } = await deadLetter();
    const requested = await postOnPage('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'replay' });
    expect(requested.status).toBe(303);
    expect(requested.headers.get('location')).toBe('/console/dead-letters');
    expect((await gateway.store.getJob(jobId))!.state).toBe('dead');

    // the requester sees the request as theirs, the other operator the approval form
    expect(rowOf((await view('operator-1')).html, jobId)).toContain('あなたの依頼です');
    const other = rowOf((await view('operator-2')).html, jobId);
    expect(other).toContain('再送 · 依頼者: operator-1');
    expect(other).toContain('依頼を承認する');

    const approved = await postOnPage('operator-2', `/console/dead-letters/${jobId}/approve`, {});
    expect(approved.status).toBe(303);
    expect((await gateway.store.getJob(jobId))!.state).toBe('ready');
    expect((await gateway.store.getTimeline(applicationId)).at(-1)).toMatchObject({ status: 'in-progress', source: 'staff:operator-2', detail: 'replayed by staff operator-1 and operator-2' });
    const entries = await auditOf(jobId);
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['dead-letter.replay-requested', { kind: 'staff', id: 'operator-1', role: 'operator' }],
      ['dead-letter.replay', { kind: 'staff', id: 'operator-2', role: 'operator' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(MY_NUMBER);
    expect((await view('operator-1')).html).not.toContain(`data-dead-letter="${jobId}"`);
  });

  it('refuses the requester approving their own request with a 403 page, and nothing moves', async () => {
    const { jobId } = await deadLetter();
    await postOnPage('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'replay' });
    const response = await postOnPage('operator-1', `/console/dead-letters/${jobId}/approve`, {});
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('この依頼はあなたが出したものです');
    expect((await gateway.store.getJob(jobId))!.state).toBe('dead');
    expect(await gateway.store.getDeadLetterRequest(jobId)).not.toBeNull();
    expect((await auditOf(jobId)).map((entry) => entry.action)).toEqual(['dead-letter.replay-requested']);
  });

  it('refuses a second request while one waits with a 409 page', async () => {
    const { jobId } = await deadLetter();
    await postOnPage('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'replay' });
    const second = await postOnPage('operator-2', `/console/dead-letters/${jobId}/request`, { action: 'discard', reason: '重複した申請のため' });
    expect(second.status).toBe(409);
    expect((await gateway.store.getDeadLetterRequest(jobId))!.action).toBe('replay');
  });
});

describe('four-eyes discard', () => {
  it('discards with the reason once a second operator approves: the application failed, the reason in timeline and audit', async () => {
    const { jobId, applicationId } = await deadLetter();
    const reason = '税務システムで別途処理済みのため';
    expect((await postOnPage('operator-2', `/console/dead-letters/${jobId}/request`, { action: 'discard', reason })).status).toBe(303);
    expect(rowOf((await view('operator-1')).html, jobId)).toContain(reason);
    expect((await gateway.store.getJob(jobId))!.state).toBe('dead');
    expect((await postOnPage('operator-1', `/console/dead-letters/${jobId}/approve`, {})).status).toBe(303);
    expect((await gateway.store.getJob(jobId))!.state).toBe('done');
    expect((await gateway.store.getTimeline(applicationId)).at(-1)).toMatchObject({ status: 'failed', source: 'staff:operator-1', detail: `discarded by staff: ${reason}` });
    expect((await auditOf(jobId)).map((entry) => [entry.action, entry.actor.id, entry.reason])).toEqual([
      ['dead-letter.discard-requested', 'operator-2', reason],
      ['dead-letter.discard', 'operator-1', reason],
    ]);
    expect((await view('operator-1')).html).not.toContain(`data-dead-letter="${jobId}"`);
  });

  it.each([
    ['no reason', ''],
    ['markup', '<script>alert(1)</script>'],
    ['too long a reason', 'あ'.repeat(501)],
  ])('refuses a discard with %s with a 422 page, and stores no request', async (_, reason) => {
    const { jobId } = await deadLetter();
    const response = await postOnPage('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'discard', reason });
    expect(response.status).toBe(422);
    expect(await gateway.store.getDeadLetterRequest(jobId)).toBeNull();
    expect(await auditOf(jobId)).toEqual([]);
  });
});

describe('refused posts', () => {
  it('refuses a post without the CSRF token, or from another site, and stores nothing', async () => {
    const { jobId } = await deadLetter();
    const noToken = await post('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'replay' });
    expect(noToken.status).toBe(403);
    const { html } = await view('operator-1');
    const crossSite = await post('operator-1', `/console/dead-letters/${jobId}/request`, { csrf: csrfTokenOf(html), action: 'replay' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await gateway.store.getDeadLetterRequest(jobId)).toBeNull();
  });

  it('refuses an auditor asking for a replay (403 page), an unknown action (400) and an unknown job (404)', async () => {
    const { jobId } = await deadLetter();
    // the auditor's dead-letter page has no form: the landing page's sign-out form carries the session's token
    const auditorPage = await view('auditor', '/console');
    const byAuditor = await post('auditor', `/console/dead-letters/${jobId}/request`, { csrf: csrfTokenOf(auditorPage.html), action: 'replay' });
    expect(byAuditor.status).toBe(403);
    expect(await gateway.store.getDeadLetterRequest(jobId)).toBeNull();
    expect((await postOnPage('operator-1', `/console/dead-letters/${jobId}/request`, { action: 'delete' })).status).toBe(400);
    expect((await postOnPage('operator-1', `/console/dead-letters/${randomUUID()}:1/request`, { action: 'replay' })).status).toBe(404);
  });

  it('refuses approving when nothing waits with a 409 page', async () => {
    const { jobId } = await deadLetter();
    const response = await postOnPage('operator-2', `/console/dead-letters/${jobId}/approve`, {});
    expect(response.status).toBe(409);
    expect((await gateway.store.getJob(jobId))!.state).toBe('dead');
  });
});
