import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { validSample, withBusinessName } from '../support/fixtures.js';
import { seedFixtureUploads } from '../support/fixture-uploads.js';
import { startGatewayProcess } from '../support/gateway-process.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-crash-'));
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

interface Accepted {
  id: string;
  accessToken: string;
  businessName: string;
}

describe('a gateway killed during a burst of submissions', () => {
  it('keeps every application it answered 202 for, intact, after a restart on the same data', async () => {
    const env = { KAKEHASHI_DATA_DIR: dataDirectory };
    const seeding = openSqliteStore({ path: join(dataDirectory, 'kakehashi.db') });
    await seedFixtureUploads(seeding);
    await seeding.close();
    const first = await startGatewayProcess(env);
    const accepted: Accepted[] = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && sent < 5000) {
        const n = sent++;
        const body = validSample('business-support-grant');
        const businessName = `クラッシュ試験商店${n}`;
        withBusinessName(body, businessName);
        try {
          const response = await fetch(`${first.url}/v1/applications`, {
            method: 'POST',
            headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `crash-${n}` },
            body: JSON.stringify(body),
          });
          if (response.status === 202) {
            const { id, accessToken } = (await response.json()) as Accepted;
            accepted.push({ id, accessToken, businessName });
            if (accepted.length === 200 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          } else {
            expect.fail(`unexpected ${response.status}: ${await response.text()}`);
          }
        } catch {
          // connection refused or reset by the kill: the client never got a 202
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(await first.exited).toBeNull();
    expect(accepted.length).toBeGreaterThanOrEqual(200);

    const second = await startGatewayProcess(env);
    for (const application of accepted) {
      const response = await fetch(`${second.url}/v1/applications/${application.id}`, { headers: { 'x-access-token': application.accessToken } });
      expect(response.status, application.id).toBe(200);
      expect(await response.json()).toMatchObject({ id: application.id, procedureId: 'business-support-grant' });
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = openSqliteStore({ path: join(dataDirectory, 'kakehashi.db') });
    try {
      for (const application of accepted) {
        const record = await store.getApplication(application.id);
        expect((record?.form['business'] as { name: string }).name).toBe(application.businessName);
        // the route runner may have moved it on since; what intake wrote must be there
        expect((await store.getTimeline(application.id))[0]).toMatchObject({ status: 'received', source: 'intake' });
        expect((await store.listJobs(application.id)).length).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
