/**
 * The auditor's export of the audit trail in the console, after a real
 * sign-in through the dev provider: one JST day as JSON Lines, as the CLI
 * prints it; refused to other roles and for a day that is not one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jstDayOf } from '../../src/audit/jst-day.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consolePage, signIn } from '../support/staff-sign-in.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway?.dispose());

describe('the audit trail in the console', () => {
  it('lets an auditor download a day as JSON Lines with its checkpoint line, naming staff by id only', async () => {
    const session = await signIn(gateway, 'auditor');
    const landing = await (await consolePage(gateway, '/console', session)).text();
    expect(landing).toContain('href="/console/audit"');
    const page = await consolePage(gateway, '/console/audit', session);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/console/audit/export"');

    const day = jstDayOf(fixtureClock());
    const exported = await consolePage(gateway, `/console/audit/export?day=${day}`, session);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/jsonl/);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="kakehashi-audit-${day}.jsonl"`);
    const body = await exported.text();
    const lines = body.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; entry?: { action: string; actor: { id: string } } });
    expect(lines.at(-1)).toMatchObject({ kind: 'checkpoint', day });
    expect(lines.some((line) => line.entry?.action === 'staff.sign-in' && line.entry.actor.id === 'auditor')).toBe(true);
    expect(body).not.toContain('監査 恵子');
  });

  it('refuses a clerk with a 403 page, and a day that is not one with a 400 page naming it', async () => {
    const clerk = await signIn(gateway, 'clerk-kita');
    const refused = await consolePage(gateway, '/console/audit/export?day=2026-12-01', clerk);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await consolePage(gateway, '/console/audit', clerk)).status).toBe(403);

    const auditor = await signIn(gateway, 'auditor');
    for (const day of ['2026-13-01', '2026-02-30', '', 'x'.repeat(10)]) {
      const bad = await consolePage(gateway, `/console/audit/export?day=${encodeURIComponent(day)}`, auditor);
      expect(bad.status, day).toBe(400);
      expect(await bad.text()).toContain('<p id="detail">day</p>');
    }
  });
});
