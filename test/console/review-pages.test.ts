/**
 * The console's review queue and application pages, signed in through the
 * dev profile's bundled OpenID Connect provider; the console through
 * app.request(), applications submitted and routed through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../src/console/console-app.js';
import { validSample, withBusinessName } from '../support/fixtures.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { consoleOrigin, consolePage, csrfTokenOf, SESSION_COOKIE, sessionsOf } from '../support/staff-sign-in.js';

let gateway: TestGateway;
let clockOffsetMs = 0;
const DAY_MS = 24 * 3600_000;
/** Session cookies by dev staff id, signed in once. */
let sessionOf: (staffId: string) => Promise<string>;

beforeAll(async () => {
  gateway = await startTestGateway({ clock: () => new Date(fixtureClock().getTime() + clockOffsetMs) });
  sessionOf = sessionsOf(gateway);
});
afterAll(() => gateway?.dispose());

async function runRoute(): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await gateway.runner.runOnce()) === 0) return;
}

/** A business-support-grant application of 北区, routed until it waits in the queue. */
async function submitGrant(businessName = '天満テスト商店'): Promise<{ id: string; accessToken: string }> {
  const response = await submit(gateway, withBusinessName(structuredClone(validSample('business-support-grant')), businessName));
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(202);
  await runRoute();
  return { id: body.id as string, accessToken: body.accessToken as string };
}

async function view(staffId: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; response: Response }> {
  const response = await consolePage(gateway, path, await sessionOf(staffId), headers);
  return { status: response.status, html: await response.text(), response };
}

const SAME_ORIGIN = () => ({ origin: consoleOrigin(gateway), 'sec-fetch-site': 'same-origin' });

/** POSTs a decision form as the page's own form would, with overrides for attacks. */
async function decide(staffId: string, id: string, form: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN()): Promise<Response> {
  const session = await sessionOf(staffId);
  return gateway.app.request(`/console/reviews/${id}/decision`, {
    method: 'POST',
    headers: { cookie: `${SESSION_COOKIE}=${session}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** The decision through the page: reads the CSRF token off the application page first. */
async function decideOnPage(staffId: string, id: string, decision: string, reason?: string): Promise<Response> {
  const page = await view(staffId, `/console/reviews/${id}`);
  return decide(staffId, id, { csrf: csrfTokenOf(page.html), decision, ...(reason === undefined ? {} : { reason }) });
}

async function statusOf(id: string, accessToken: string): Promise<string> {
  return (await json(await gateway.app.request(`/v1/applications/${id}`, { headers: { 'x-access-token': accessToken } }))).status as string;
}

const rowsOf = (html: string) => [...html.matchAll(/data-application="([^"]+)"/g)].map((match) => match[1]!);

/** Every application id of a queue, following its next-page links (at most 20 a page). */
async function queueIds(staffId: string, firstPage: string): Promise<string[]> {
  const seen: string[] = [];
  let path: string | undefined = firstPage;
  for (let pages = 0; path && pages < 50; pages++) {
    const { html } = await view(staffId, path);
    const rows = rowsOf(html);
    expect(rows.length).toBeLessThanOrEqual(20);
    seen.push(...rows);
    path = /id="next-page" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  }
  return seen;
}

const personalDataViews = async (id: string) => (await gateway.store.listAudit(0, 100_000)).filter((entry) => entry.action === 'personal-data.view' && entry.target.id === id);

describe('the review queue', () => {
  it('links from the landing page for a clerk, and not for an operator', async () => {
    expect((await view('clerk-kita', '/console')).html).toContain('href="/console/reviews"');
    expect((await view('operator-1', '/console')).html).not.toContain('href="/console/reviews"');
    const refused = await view('operator-1', '/console/reviews');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('審査の一覧は使えません');
  });

  it('shows a clerk of 北区 their ward’s applications oldest first, and not to a clerk of 都島区', async () => {
    const first = await submitGrant();
    clockOffsetMs += 60_000;
    const second = await submitGrant();
    const queue = await view('clerk-kita', '/console/reviews?procedure=business-support-grant');
    expect(queue.status).toBe(200);
    expect(queue.response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(queue.html).toContain('<html lang="ja">');
    expect(queue.html).toContain('<td>営業時間短縮協力金の申請</td>');
    const order = [...queue.html.matchAll(/data-application="([^"]+)"/g)].map((match) => match[1]);
    expect(order.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(first.id)).toBeLessThan(order.indexOf(second.id));
    expect(queue.html).toContain(`href="/console/reviews/${first.id}"`);
    expect(queue.html).not.toMatch(/<script|style=/);

    const elsewhere = await view('clerk-miyakojima', '/console/reviews');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.html).not.toContain(first.id);
  });

  it('filters by status and overdue, and refuses a filter value it does not know, naming the field', async () => {
    const { id } = await submitGrant();
    expect((await view('clerk-kita', '/console/reviews?status=open')).html).toContain(id);
    expect((await view('clerk-kita', '/console/reviews?status=approved')).html).not.toContain(id);
    expect((await view('clerk-kita', '/console/reviews?overdue=yes')).html).not.toContain(id);
    // received (opened) on the gateway clock's JST day: that day includes it, the days around it do not
    const day = new Date(Date.parse((await gateway.store.getReview(id))!.createdAt) + 9 * 3600_000).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    expect(await queueIds('clerk-kita', `/console/reviews?receivedFrom=${day}&receivedTo=${day}`)).toContain(id);
    expect(await queueIds('clerk-kita', `/console/reviews?receivedFrom=${dayAfter}`)).not.toContain(id);
    expect(await queueIds('clerk-kita', `/console/reviews?receivedTo=${dayBefore}`)).not.toContain(id);

    for (const [query, field] of [
      ['status=done', 'status'],
      ['procedure=no-such-procedure', 'procedure'],
      ['overdue=maybe', 'overdue'],
      ['after=%3Cx%3E', 'after'],
      ['receivedFrom=2026-02-30', 'receivedFrom'],
      ['receivedTo=yesterday', 'receivedTo'],
    ]) {
      const refused = await view('clerk-kita', `/console/reviews?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.html).toContain(`<p id="detail">${field}</p>`);
    }
  });

  it('pages through the queue twenty at a time with the desk’s cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      clockOffsetMs += 1000;
      ids.push((await submitGrant()).id);
    }
    const seen = await queueIds('clerk-kita', '/console/reviews?status=open');
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    expect(seen.indexOf(ids[0]!)).toBeLessThan(seen.indexOf(ids[20]!));
  });

  it('speaks English after the toggle', async () => {
    const english = await view('clerk-kita', '/console/reviews', { cookie: `${SESSION_COOKIE}=${await sessionOf('clerk-kita')}; kakehashi-console-language=en` });
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('Applications for review');
  });
});

describe('an application’s page', () => {
  it('shows the form with the catalog’s labels, the status and the timeline, and records the view on the audit trail', async () => {
    const { id } = await submitGrant();
    const before = (await personalDataViews(id)).length;
    const page = await view('clerk-kita', `/console/reviews/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('事業者名(法人名・屋号)');
    expect(page.html).toContain('天満テスト商店');
    expect(page.html).toContain('<dd id="application-status" data-status="under-review">審査中</dd>');
    expect(page.html).toContain('審査待ち');
    const views = await personalDataViews(id);
    expect(views.length).toBe(before + 1);
    expect(views.at(-1)!.actor).toEqual({ kind: 'staff', id: 'clerk-kita', role: 'clerk' });
    expect(JSON.stringify(views)).not.toContain('天満テスト商店');
  });

  it('shows an auditor the review and timeline but not the form, offers no decision, and records no view', async () => {
    const { id } = await submitGrant();
    const page = await view('auditor', `/console/reviews/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<dd id="review-state">審査待ち</dd>');
    expect(page.html).not.toContain('天満テスト商店');
    expect(page.html).toContain('申請内容は表示できません');
    expect(page.html).toContain('あなたが今できる操作はありません');
    expect(await personalDataViews(id)).toEqual([]);
  });

  it('shows a form field holding markup as text', async () => {
    const { id } = await submitGrant('<script>alert(1)</script>商店');
    const page = await view('clerk-kita', `/console/reviews/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;商店');
  });

  it('shows the signature’s facts, the fee, the deliveries per system and the certificates, escaped, behind the same audited view', async () => {
    const { id } = await submitGrant();
    const at = fixtureClock().toISOString();
    // what intake, the payment check, the runner and issuance record for a signed, paid, issued application
    await gateway.store.updateApplication(
      id,
      {
        identity: { method: 'jpki', certificateSerial: '1CA96B6617B0E2F4', signingTime: '2026-12-01T01:30:05.000Z', signer: { name: '髙橋　<b>一郎</b>', address: '大阪府大阪市北区天満2丁目1番8号' } },
        payment: { provider: 'dev-pay', paymentId: 'pay_facts_1', amount: 3400, currency: 'JPY', capturedAt: '2026-12-01T01:31:00.000Z' },
      },
      at,
    );
    await gateway.store.upsertDelivery({ applicationId: id, system: 'welfare', messageId: `${id}:welfare`, state: 'acknowledged', attempts: 2, lastError: 'timeout talking to 10.0.0.9', updatedAt: at });
    await gateway.store.saveCertificate({ id: `crt_${id.slice(0, 8)}`, applicationId: id, type: 'business-support-grant', document: '{}', documentHash: '0'.repeat(64), signature: 'AA==', issuedAt: at, revokedAt: null, revocationReason: null });
    const before = (await personalDataViews(id)).length;

    const page = await view('clerk-kita', `/console/reviews/${id}`);
    expect(page.status).toBe(200);
    const section = (name: string) => new RegExp(`<div id="${name}">([\\s\\S]*?)</div>`).exec(page.html)?.[1] ?? '';
    expect(section('signature')).toContain('髙橋　&lt;b&gt;一郎&lt;/b&gt;');
    expect(section('signature')).toContain('大阪府大阪市北区天満2丁目1番8号');
    expect(section('signature')).toContain('10:30');
    expect(section('payment')).toContain('3,400円');
    expect(section('payment')).toContain('支払済み');
    expect(section('deliveries')).toContain('data-system="welfare" data-state="acknowledged"');
    expect(section('deliveries')).toContain('受領済み');
    expect(section('deliveries')).not.toContain('10.0.0.9');
    expect(section('certificates')).toContain(`crt_${id.slice(0, 8)}`);
    expect(section('certificates')).toContain('有効');
    expect(await personalDataViews(id)).toHaveLength(before + 1);

    await gateway.store.revokeCertificate(`crt_${id.slice(0, 8)}`, at, 'issued in error');
    expect((await view('clerk-kita', `/console/reviews/${id}`)).html).toContain('失効');

    const auditorPage = await view('auditor', `/console/reviews/${id}`);
    for (const hidden of ['大阪府大阪市北区天満', '3,400円', 'id="signature"', 'id="deliveries"']) expect(auditorPage.html).not.toContain(hidden);
  });

  it('says so when an application has no signature, fee, delivery or certificate', async () => {
    const { id } = await submitGrant();
    const page = await view('clerk-kita', `/console/reviews/${id}`);
    for (const none of ['電子署名はありません。', '手数料はありません。', 'まだ送信はありません。', '証明書の交付はありません。']) expect(page.html).toContain(none);
  });

  it('is a 404 page for a clerk of another ward, and for an id that is not an application; neither is recorded as a view', async () => {
    const { id } = await submitGrant();
    const other = await view('clerk-miyakojima', `/console/reviews/${id}`);
    expect(other.status).toBe(404);
    expect(other.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(other.html).toContain('ページが見つかりません');
    expect(other.html).not.toContain('天満テスト商店');
    expect((await view('clerk-kita', '/console/reviews/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await view('clerk-kita', '/console/reviews/%3Cscript%3E')).status).toBe(404);
    expect(await personalDataViews(id)).toEqual([]);
  });
});

describe('decisions on the application’s page', () => {
  it('offers a clerk claim, reject and return but not approve; the approver approve', async () => {
    const { id } = await submitGrant();
    const clerk = (await view('clerk-kita', `/console/reviews/${id}`)).html;
    expect(clerk).toContain('id="decision-claim"');
    expect(clerk).toContain('id="decision-reject"');
    expect(clerk).toContain('id="decision-return"');
    expect(clerk).not.toContain('id="decision-approve"');
    expect((await view('approver-kita', `/console/reviews/${id}`)).html).toContain('id="decision-approve"');
  });

  it('claim, then return for correction with a reason: back to the page each time, and the resident sees it returned', async () => {
    const { id, accessToken } = await submitGrant();
    const claimed = await decideOnPage('clerk-kita', id, 'claim');
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe(`/console/reviews/${id}`);
    const page = (await view('clerk-kita', `/console/reviews/${id}`)).html;
    expect(page).toContain('<dd id="review-state">審査中</dd>');
    expect(page).not.toContain('id="decision-claim"');
    // another clerk of the ward is not offered the claimed application's decisions
    expect((await view('clerk-kita-2', `/console/reviews/${id}`)).html).not.toContain('id="decision-reject"');

    const returned = await decideOnPage('clerk-kita', id, 'return', '添付書類が読み取れません。撮り直してください。');
    expect(returned.status).toBe(303);
    await runRoute();
    expect(await statusOf(id, accessToken)).toBe('returned-for-correction');
    const after = (await view('clerk-kita', `/console/reviews/${id}`)).html;
    expect(after).toContain('<dd id="review-state">差戻し中</dd>');
    expect(after).toContain('添付書類が読み取れません');
    expect(after).toContain('あなたが今できる操作はありません');
  });

  it('refuses the same approver twice (four eyes) and a decision on what is no longer under review with error pages, changing nothing', async () => {
    const { id, accessToken } = await submitGrant();
    expect((await decideOnPage('approver-kita', id, 'approve')).status).toBe(303);
    const page = (await view('approver-kita', `/console/reviews/${id}`)).html;
    expect(page).toContain('<dd id="review-approvals">1/2</dd>');
    expect(page).not.toContain('id="decision-approve"');
    const twice = await decide('approver-kita', id, { csrf: csrfTokenOf(page), decision: 'approve' });
    expect(twice.status).toBe(403);
    expect(await twice.text()).toContain('2人目の承認は別の職員が行います');
    expect((await gateway.store.getReview(id))!.approvals.length).toBe(1);

    expect((await decideOnPage('clerk-kita', id, 'reject', '要件を満たしていません。')).status).toBe(303);
    await runRoute();
    expect(await statusOf(id, accessToken)).toBe('rejected');
    const late = await decide('clerk-kita', id, { csrf: csrfTokenOf((await view('clerk-kita', '/console')).html), decision: 'return', reason: '再確認' });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('すでに審査が終わっているか');
    expect((await gateway.store.getReview(id))!.state).toBe('rejected');
  });

  it('refuses a post without the CSRF token, from another origin, with markup in the reason, or a decision it does not offer', async () => {
    const { id } = await submitGrant();
    const csrf = csrfTokenOf((await view('clerk-kita', `/console/reviews/${id}`)).html);
    const version = (await gateway.store.getReview(id))!.version;

    const noToken = await decide('clerk-kita', id, { decision: 'claim' });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('確認用トークン');
    expect((await decide('clerk-kita', id, { csrf, decision: 'claim' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const markup = await decide('clerk-kita', id, { csrf, decision: 'reject', reason: '<b>不備</b>' });
    expect(markup.status).toBe(422);
    expect(markup.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await decide('clerk-kita', id, { csrf, decision: 'delete' })).status).toBe(400);
    expect((await decide('clerk-kita', id, { csrf, decision: 'approve' })).status).toBe(403);
    expect((await decide('clerk-miyakojima', id, { csrf: csrfTokenOf((await view('clerk-miyakojima', '/console')).html), decision: 'claim' })).status).toBe(404);

    expect((await gateway.store.getReview(id))!.version).toBe(version);
  });

  it('flags an overdue application in the queue and finds it with the overdue filter', async () => {
    const { id } = await submitGrant();
    clockOffsetMs += 6 * DAY_MS;
    sessionOf = sessionsOf(gateway); // the sessions signed in six days ago have ended
    await runRoute();
    expect(await queueIds('approver-kita', '/console/reviews?overdue=yes')).toContain(id);
    expect((await view('approver-kita', `/console/reviews/${id}`)).html).toContain('<strong class="overdue">期限超過</strong>');
  });
});
