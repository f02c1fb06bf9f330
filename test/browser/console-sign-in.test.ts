/**
 * The staff console in a real browser: Debian's chromium driven by
 * playwright-core against a live dev gateway and its bundled OpenID Connect
 * provider, both on real ports. Needs `apt-get install -y chromium`; no
 * browser is ever downloaded.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveGateway, type LiveGateway } from '../support/live-gateway.js';

const CHROMIUM = '/usr/bin/chromium';

let live: LiveGateway;
let consoleUrl: string;
let profile: string;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\``);
  live = await startLiveGateway();
  // the dev profile registers the console at its provider as http://localhost:<port>
  consoleUrl = `http://localhost:${live.config.port}/console`;
  profile = await mkdtemp(join(tmpdir(), 'kakehashi-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await context?.close();
  await live?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
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
