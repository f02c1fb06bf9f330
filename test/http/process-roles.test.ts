import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { loadConfig, parseConfig, processRole } from '../../src/config.js';
import { validSample } from '../support/fixtures.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.dispose();
  gateway = undefined;
});

/** Submits one application and reports whether a runner touched its first job within `withinMs`. */
async function firstStepStarted(target: TestGateway, withinMs: number): Promise<boolean> {
  const response = await submit(target, validSample('business-support-grant'));
  expect(response.status).toBe(202);
  const { id } = (await json(response)) as { id: string };
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; ) {
    const jobs = await target.store.listJobs(id);
    if (jobs.some((job) => job.attempts > 0 || job.state !== 'ready')) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('process roles', () => {
  it('runs the route steps in a process of role all, and not in one of role api', async () => {
    gateway = await startTestGateway({ startRunner: true, config: { role: 'all', runner: { pollIntervalMs: 20 } } });
    expect(await firstStepStarted(gateway, 3_000)).toBe(true);
    await gateway.dispose();

    gateway = await startTestGateway({ startRunner: true, config: { role: 'api', runner: { pollIntervalMs: 20 } } });
    expect(await firstStepStarted(gateway, 1_000)).toBe(false);
  }, 20_000);

  it('answers only the operations endpoints in a process of role runner', async () => {
    gateway = await startTestGateway({ config: { role: 'runner' } });
    expect((await gateway.app.request('/healthz')).status).toBe(200);
    expect((await gateway.app.request('/readyz')).status).toBe(200);
    const refused = await gateway.app.request('/v1/procedures', { headers: { authorization: 'Bearer dev-frontend-key' } });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await json(refused)) as { detail: string }).detail).toContain('role runner');
    expect((await submit(gateway, validSample('business-support-grant'))).status).toBe(404);
  });

  it('stops claiming once draining: requests still in flight are answered, their jobs wait for another process', async () => {
    gateway = await startTestGateway({ startRunner: true, config: { runner: { pollIntervalMs: 20 } } });
    gateway.drain();
    expect((await gateway.app.request('/readyz')).status).toBe(503);
    expect(await firstStepStarted(gateway, 1_000)).toBe(false);
  });
});

describe('the role setting', () => {
  it('is read from KAKEHASHI_ROLE, defaults to all, and is api when runner.enabled is false', () => {
    expect(loadConfig({ KAKEHASHI_ROLE: 'runner' }).role).toBe('runner');
    expect(processRole(loadConfig({}))).toBe('all');
    expect(processRole({ runner: { enabled: false } as never })).toBe('api');
  });

  it('refuses an unknown role and a runner role with the runner turned off, naming the setting', () => {
    expect(() => loadConfig({ KAKEHASHI_ROLE: 'worker' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ KAKEHASHI_ROLE: 'worker' })).toThrow(/role/);
    expect(() => parseConfig({ profile: 'dev', role: 'runner', runner: { enabled: false } })).toThrow(/role runner runs the background work/);
    expect(parseConfig({ profile: 'dev', role: 'api', runner: { enabled: false } }).role).toBe('api');
  });
});
