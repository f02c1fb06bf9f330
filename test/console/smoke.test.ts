import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { consolePage, signIn } from '../support/staff-sign-in.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.dispose();
});

it('signs in', async () => {
  const session = await signIn(gateway, 'clerk-kita');
  const res = await consolePage(gateway, '/console', session);
  console.log(res.status, await res.text());
  expect(res.status).toBe(200);
});
