/**
 * The console's review pages in a real browser: Debian's chromium driven by
 * playwright-core against a live dev gateway (runner and all) and its bundled
 * OpenID Connect provider. The "done when": a clerk of 北区 finds a
 * business-support-grant application in the queue, claims it and returns it
 * for correction; the frontend resubmits the corrected form (the grant asks
 * for no JPKI signature: a business applies); two
 * different approvers of 北区 approve it; the resident's status becomes
 * completed, and the page lists the delivery to the welfare system; a clerk
 * of 都島区 gets a 404 page for the same address. Needs
 * `apt-get install -y chromium`; no browser is ever downloaded.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { validSample, withBusinessName } from '../support/fixtures.js';
import { startLiveGateway, type LiveGateway } from '../support/live-gateway.js';


let live: LiveGateway;
let consoleUrl: string;
let browser: Chromium | undefined;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  live = await startLiveGateway();
  consoleUrl = `http://localhost:${live.config.port}/console`;
  browser = await launchChromium();
  ({ context } = browser);
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

/** Submits a grant application of 北区 through the API, as a frontend does. */
async function submitGrant(businessName: string): Promise<{ id: string; accessToken: string }> {
  const response = await fetch(`${live.url}/v1/applications`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(withBusinessName(structuredClone(validSample('business-support-grant')), businessName)),
  });
  const body = (await response.json()) as { id: string; accessToken: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return body;
}

/** Resubmits the corrected form for the same application, as the frontend does after 差戻し. */
async function resubmitCorrected(id: string, accessToken: string, businessName: string): Promise<void> {
  const response = await fetch(`${live.url}/v1/applications/${id}/corrections`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'x-access-token': accessToken },
    body: JSON.stringify(withBusinessName(structuredClone(validSample('business-support-grant')), businessName)),
  });
  expect(response.status, await response.clone().text()).toBe(202);
}

async function statusOf(id: string, accessToken: string): Promise<string> {
  const response = await fetch(`${live.url}/v1/applications/${id}`, { headers: { 'x-access-token': accessToken } });
  return ((await response.json()) as { status: string }).status;
}

async function signInAs(button: RegExp): Promise<void> {
  await context.clearCookies();
  await page.goto(consoleUrl);
  await page.getByRole('button', { name: button }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('サインイン中の職員');
}

describe('the review pages in chromium', () => {
  it('a clerk of 北区 returns the application, the frontend corrects it, two approvers approve it and the resident sees it completed; a clerk of 都島区 gets 404', { timeout: 120_000 }, async () => {
    const { id, accessToken } = await submitGrant('ブラウザ試験商店');
    await expect.poll(() => statusOf(id, accessToken), { timeout: 10_000 }).toBe('under-review');

    await signInAs(/北野 花子（受付・審査／北区）/);
    await page.getByRole('link', { name: '審査待ちの申請を見る' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('審査待ちの申請');
    await page.locator(`a[href="/console/reviews/${id}"]`).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('営業時間短縮協力金の申請');
    expect(await page.locator('#form-fields').textContent()).toContain('ブラウザ試験商店');
    expect(await page.locator('#application-status').textContent()).toBe('審査中');

    await page.getByRole('button', { name: '審査を始める' }).click();
    await expect.poll(() => page.locator('#review-state').textContent()).toBe('審査中');
    expect(page.url()).toBe(`${consoleUrl}/reviews/${id}`);

    await page.locator('#decision-return textarea[name="reason"]').fill('営業許可証の写しが読み取れません。撮り直してください。');
    await page.getByRole('button', { name: '差し戻す' }).click();
    await expect.poll(() => page.locator('#review-state').textContent()).toBe('差戻し中');
    await expect.poll(() => statusOf(id, accessToken), { timeout: 10_000 }).toBe('returned-for-correction');
    expect(await page.locator('#timeline').textContent()).toContain('営業許可証の写しが読み取れません');

    await resubmitCorrected(id, accessToken, 'ブラウザ試験商店 本店');
    await expect.poll(() => statusOf(id, accessToken), { timeout: 10_000 }).toBe('under-review');
    await page.reload();
    await expect.poll(() => page.locator('#review-state').textContent()).toBe('審査待ち');
    expect(await page.locator('#form-fields').textContent()).toContain('ブラウザ試験商店 本店');

    await signInAs(/天満 直樹（決裁／北区）/);
    await page.goto(`${consoleUrl}/reviews/${id}`);
    await page.getByRole('button', { name: '承認する' }).click();
    await expect.poll(() => page.locator('#review-approvals').textContent()).toBe('1/2');
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    expect(await statusOf(id, accessToken)).toBe('under-review');

    await signInAs(/中崎 真理（決裁／北区）/);
    await page.goto(`${consoleUrl}/reviews/${id}`);
    await page.getByRole('button', { name: '承認する' }).click();
    await expect.poll(() => page.locator('#review-state').textContent()).toBe('承認済み');
    expect(await page.locator('#review-approvals').textContent()).toBe('2/2');
    await expect.poll(() => statusOf(id, accessToken), { timeout: 15_000 }).toBe('completed');
    await page.reload();
    expect(await page.locator('#application-status').textContent()).toBe('完了');
    expect(await page.locator('#deliveries tr[data-system="welfare"]').count()).toBe(1);

    await signInAs(/都島 美咲（受付・審査／都島区）/);
    const other = await page.goto(`${consoleUrl}/reviews/${id}`);
    expect(other?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('ページが見つかりません');
    expect(cspViolations).toEqual([]);
  });
});
