/**
 * The drop-off chart in a real browser: Debian's chromium driven by
 * playwright-core against a live dev gateway. Form events sent through the
 * API show as the chart's bars (reached, errored, left per field) and as the
 * table beside it, with no CSP violation (the SVG is inline and needs no
 * script). Needs `apt-get install -y chromium`; no browser is ever downloaded.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { FIXTURE_NOW } from '../support/fixture-time.js';
import { startLiveGateway, type LiveGateway } from '../support/live-gateway.js';

let live: LiveGateway;
let consoleUrl: string;
let browser: Chromium | undefined;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

function at(secondsBefore: number): string {
  return new Date(FIXTURE_NOW.getTime() - secondsBefore * 1000).toISOString();
}

/** Three visits: two leave at the date of birth after an error there, one submits. */
async function sendVisits(): Promise<void> {
  const events = [];
  for (const [index, session] of [randomUUID(), randomUUID(), randomUUID()].entries()) {
    const base = { session, procedureId: 'juminhyo-copy' };
    events.push({ ...base, pointer: '', event: 'view', at: at(900 - index) }, { ...base, pointer: '/applicant/name', event: 'focus', at: at(800 - index) });
    if (index < 2) {
      events.push(
        { ...base, pointer: '/applicant/birthDate', event: 'focus', at: at(700 - index) },
        { ...base, pointer: '/applicant/birthDate', event: 'error', code: 'invalid-date', at: at(600 - index) },
        { ...base, pointer: '/applicant/birthDate', event: 'leave', at: at(500 - index) },
      );
    } else {
      events.push({ ...base, pointer: '', event: 'submit', at: at(400) });
    }
  }
  const response = await fetch(`${live.url}/v1/form-events`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(202);
}

beforeAll(async () => {
  live = await startLiveGateway();
  consoleUrl = `http://localhost:${live.config.port}/console`;
  await sendVisits();
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

const bar = (field: string, measure: string) => page.locator(`#drop-off-chart g.row[data-field="${field}"] rect[data-measure="${measure}"]`);

describe('the drop-off chart in chromium', () => {
  it('an operator picks the procedure and sees a bar per field and measure, sized to the counts, and the same numbers as a table', { timeout: 60_000 }, async () => {
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: /運用 次郎/ }).click();
    await page.getByRole('link', { name: 'フォームの離脱状況を見る' }).click();
    await page.locator('select[name="procedure"]').selectOption('juminhyo-copy');
    await page.locator('input[name="from"]').fill('2026-12-01');
    await page.locator('input[name="to"]').fill('2026-12-01');
    await page.getByRole('button', { name: '表示する' }).click();
    await expect.poll(() => page.locator('#drop-off-summary').textContent()).toContain('開始 3');

    const chart = page.getByRole('img', { name: /住民票/ });
    await expect.poll(() => chart.count()).toBe(1);
    expect(await bar('', 'reached').getAttribute('data-count')).toBe('3');
    expect(await bar('/applicant/name', 'reached').getAttribute('data-count')).toBe('3');
    expect(await bar('/applicant/birthDate', 'reached').getAttribute('data-count')).toBe('2');
    expect(await bar('/applicant/birthDate', 'errored').getAttribute('data-count')).toBe('2');
    expect(await bar('/applicant/birthDate', 'left').getAttribute('data-count')).toBe('2');
    expect(await bar('/applicant/name', 'left').getAttribute('data-count')).toBe('0');
    expect(await bar('#submitted', 'reached').getAttribute('data-count')).toBe('1');
    // drawn to scale: the largest count (3) is the full width, two thirds of it for 2
    const full = (await bar('', 'reached').boundingBox())!.width;
    const birthDate = (await bar('/applicant/birthDate', 'reached').boundingBox())!.width;
    expect(full).toBeGreaterThan(100);
    expect(birthDate / full).toBeCloseTo(2 / 3, 2);

    const row = page.locator('#drop-off-table tr[data-field="/applicant/birthDate"] td');
    expect(await row.allTextContents()).toEqual(['2', '2', '2']);
    expect(cspViolations).toEqual([]);
  });

  it('shows a page naming the field for a day that is not one', async () => {
    const response = await page.goto(`${consoleUrl}/statistics/form-events?procedure=juminhyo-copy&from=2026-02-30`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('#detail').textContent()).toBe('from');
  });
});
