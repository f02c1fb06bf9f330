import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type LiveGateway } from '../support/live-gateway.js';
import { approveReview } from '../support/reviews.js';

const shared = mkdtempSync(join(tmpdir(), 'kakehashi-split-'));
const store = { kind: 'sqlite', path: join(shared, 'kakehashi.db') };
const started: LiveGateway[] = [];
afterAll(async () => {
  for (const live of started.reverse()) await live.stop();
  rmSync(shared, { recursive: true, force: true });
});

describe('intake and delivery in separate gateways on one SQLite store, as two processes run them', () => {
  it('takes an application in an intake-only gateway and leaves its route to the gateway that runs the background work', async () => {
    const intakeOnly = await startLiveGateway({ store, runner: { enabled: false, pollIntervalMs: 50 } });
    started.push(intakeOnly);
    const response = await fetch(`${intakeOnly.url}/v1/applications`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `split-${Date.now()}` },
      body: JSON.stringify(validSample('business-support-grant')),
    });
    expect(response.status).toBe(202);
    const { id } = await json(response);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const waiting = await followUntil(intakeOnly, id, ['received']);
    expect(waiting.timeline.map((entry) => entry.status)).toEqual(['received']);

    const delivering = await startLiveGateway({ store, runner: { pollIntervalMs: 50, retry: { baseDelayMs: 100, maxDelayMs: 1000 } } });
    started.push(delivering);
    // a staff decision through the intake-only gateway wakes the route in the other one
    expect((await followUntil(intakeOnly, id, ['under-review', 'failed'])).status).toBe('under-review');
    await approveReview((path, init) => fetch(`${intakeOnly.url}${path}`, init), id);
    const done = await followUntil(intakeOnly, id, ['completed', 'failed', 'rejected']);
    expect(done.status).toBe('completed');
    const { deliveries } = await json(await fetch(`${intakeOnly.url}/v1/applications/${id}`, { headers: { authorization: 'Bearer dev-staff-key' } }));
    expect(deliveries).toEqual([expect.objectContaining({ system: 'welfare', messageId: `${id}:send-application` })]);
  });
});
