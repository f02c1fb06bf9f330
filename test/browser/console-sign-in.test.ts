/**
 * The staff console in a real browser: Debian's chromium driven by
 * playwright-core against a live dev gateway and its bundled OpenID Connect
 * provider, both on real ports. Needs `apt-get install -y chromium`; no
 * browser is ever downloaded.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { startLiveGateway, type LiveGateway } from '../support/live-gateway.js';


let live: LiveGateway;
let consoleUrl: string;
let browser: Chromium | undefined;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  live = await startLiveGateway();
  // the dev profile registers the console at its provider as http://localhost:<port>
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

describe('the staff console in chromium', () => {
  it('signs a clerk of 北区 in through the dev provider, shows who is signed in, switches to English, and signs out', async () => {
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: /北野 花子（受付・審査／北区）/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('サインイン中の職員');
    expect(page.url()).toBe(consoleUrl);
    expect(await page.locator('#staff-name').textContent()).toBe('北野 花子');
    expect(await page.locator('#staff-roles').textContent()).toBe('受付・審査');
    expect(await page.locator('#staff-wards').textContent()).toBe('北区');
    const session = (await context.cookies(consoleUrl)).find((cookie) => cookie.name === 'kakehashi-staff-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Signed in');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await page.locator('#staff-wards').textContent()).toBe('Kita');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You have signed out');
    expect(page.url()).toBe(`${consoleUrl}/signed-out`);
    expect((await context.cookies(consoleUrl)).map((cookie) => cookie.name)).not.toContain('kakehashi-staff-session');
    expect(cspViolations).toEqual([]);
  });
});
