/**
 * The drop-off page in the console, after a real sign-in through the dev
 * provider: for roles with `view-statistics` only, and a bad query is a 400
 * page naming the field (never problem+json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consolePage, sessionsOf } from '../support/staff-sign-in.js';

let gateway: TestGateway;
let session: (staffId: string) => Promise<string>;

beforeAll(async () => {
  gateway = await startTestGateway();
  session = sessionsOf(gateway);
});
afterAll(() => gateway?.dispose());

describe('the drop-off page in the console', () => {
  it('is offered to operators, auditors and the administrator, and refused to clerks with a 403 page', async () => {
    for (const staffId of ['operator-1', 'auditor', 'admin']) {
      expect(await (await consolePage(gateway, '/console', await session(staffId))).text(), staffId).toContain('href="/console/statistics/form-events"');
      expect((await consolePage(gateway, '/console/statistics/form-events', await session(staffId))).status, staffId).toBe(200);
    }
    const clerk = await session('clerk-kita');
    expect(await (await consolePage(gateway, '/console', clerk)).text()).not.toContain('/console/statistics/form-events');
    const refused = await consolePage(gateway, '/console/statistics/form-events?procedure=juminhyo-copy', clerk);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it.each([
    ['procedure=no-such-procedure', 'procedure'],
    ['procedure=juminhyo-copy&from=2026-02-30', 'from'],
    ['procedure=juminhyo-copy&to=tomorrow', 'to'],
    ['procedure=juminhyo-copy&from=2026-12-02&to=2026-12-01', 'from'],
    ['procedure=juminhyo-copy&from=2024-01-01&to=2026-12-01', 'from'],
  ])('answers ?%s with a 400 page naming %s', async (query, field) => {
    const response = await consolePage(gateway, `/console/statistics/form-events?${query}`, await session('operator-1'));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(`<p id="detail">${field}</p>`);
  });
});
