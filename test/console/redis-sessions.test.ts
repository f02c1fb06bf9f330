/** The console's sign-in and sessions on the Redis store, end to end (the SQLite store is in sign-in.test.ts). */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/index.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';
import { authorizeAt, consolePage, csrfTokenOf, finishSignIn, postSignOut, signIn, startSignIn } from '../support/staff-sign-in.js';

const prefix = `kakehashi-test:${randomUUID()}:`;
let gateway: TestGateway;
let clockOffsetMs = 0;

beforeAll(async () => {
  gateway = await startTestGateway({ store: createRedisStore({ redis: await connectTestRedis(), prefix }), clock: () => new Date(fixtureClock().getTime() + clockOffsetMs) });
});

afterAll(async () => {
  await gateway?.dispose();
  const janitor = await connectTestRedis();
  await deleteKeys(janitor, prefix);
  janitor.disconnect();
});

it('signs a clerk in, keeps the session in Redis without the cookie token, and signs out', async () => {
  const session = await signIn(gateway, 'clerk-miyakojima');
  const page = await consolePage(gateway, '/console', session);
  const html = await page.text();
  expect(html).toContain('<dd id="staff-wards">都島区</dd>');
  const observer = await connectTestRedis();
  const keys = await observer.keys(`${prefix}staff-session:*`);
  expect(keys).toHaveLength(1);
  expect(keys[0]).not.toContain(session);
  expect(JSON.stringify(await observer.hgetall(keys[0]!))).not.toContain(session);
  observer.disconnect();
  expect((await postSignOut(gateway, session, { csrf: csrfTokenOf(html) })).status).toBe(303);
  expect((await consolePage(gateway, '/console', session)).status).toBe(401);
});

it('refuses a replayed callback and ends an idle session', async () => {
  const { authorizeUrl, signInCookie } = await startSignIn(gateway);
  const callbackUrl = await authorizeAt(authorizeUrl, 'clerk-miyakojima');
  expect((await finishSignIn(gateway, callbackUrl, signInCookie)).status).toBe(303);
  expect((await finishSignIn(gateway, callbackUrl, signInCookie)).status).toBe(400);
  const session = await signIn(gateway, 'clerk-miyakojima');
  try {
    clockOffsetMs = 31 * 60_000;
    expect((await consolePage(gateway, '/console', session)).status).toBe(401);
  } finally {
    clockOffsetMs = 0;
  }
});
