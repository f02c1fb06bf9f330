import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { validSample } from '../support/fixtures.js';
import { FRONTEND, newKey, startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import { testPostgresDatabase } from '../support/postgres.js';

const database = testPostgresDatabase();

describe('a runner on the PostgreSQL store', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    const url = await database();
    const store = await openPostgresStore({ url, maxConnections: 4 });
    // a poll far longer than the test: only the notification can make the runner claim
    gateway = await startTestGateway({ store, startRunner: true, config: { store: { kind: 'postgres', url }, runner: { pollIntervalMs: 60_000 } } });
  }, 30_000);
  afterAll(async () => {
    await gateway?.dispose();
  });

  it('starts on a new application at once, woken by the commit, not by its poll', async () => {
    const response = await gateway.app.request('/v1/applications', {
      method: 'POST',
      headers: { ...FRONTEND, 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify(validSample('business-support-grant')),
    });
    expect(response.status).toBe(202);
    const { id } = (await json(response)) as { id: string };
    let attempted = false;
    for (const deadline = Date.now() + 10_000; !attempted && Date.now() < deadline; ) {
      const jobs = await gateway.store.listJobs(id);
      attempted = jobs.some((job) => job.attempts > 0 || job.state !== 'ready');
      if (!attempted) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(attempted).toBe(true);
  }, 30_000);
});
