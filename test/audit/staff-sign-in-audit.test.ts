/**
 * The gateway's default listener at the console's sign-in seam is the audit
 * trail: a sign-in and a sign-out through the dev provider are chained
 * entries naming the staff id and role, never the name.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consolePage, csrfTokenOf, postSignOut, signIn } from '../support/staff-sign-in.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway?.dispose());

it('records a clerk’s sign-in and sign-out in the audit trail, with id and role only', async () => {
  const session = await signIn(gateway, 'clerk-kita');
  const landing = await (await consolePage(gateway, '/console', session)).text();
  expect((await postSignOut(gateway, session, { csrf: csrfTokenOf(landing) })).status).toBe(303);

  const entries = await gateway.store.listAudit(0, 100);
  const staff = entries.filter((entry) => entry.action.startsWith('staff.'));
  expect(staff.map((entry) => [entry.action, entry.actor])).toEqual([
    ['staff.sign-in', { kind: 'staff', id: 'clerk-kita', role: 'clerk' }],
    ['staff.sign-out', { kind: 'staff', id: 'clerk-kita', role: 'clerk' }],
  ]);
  expect(staff[1]!.prevHash).toBe(staff[0]!.hash);
  expect(JSON.stringify(entries)).not.toContain('北野');
});
