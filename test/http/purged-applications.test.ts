import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { runRetentionPurge } from '../../src/retention/retention-purge.js';
import { addIsoDuration } from '../../src/time/iso-duration.js';
import { FRONTEND, STAFF, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';

const PROCEDURE = 'business-support-grant';
const catalog = await loadCatalog('mappings/procedures');
const RETENTION = catalog.get(PROCEDURE)!.procedure.retention;
const COMPLETED_AT = new Date('2027-03-31T06:00:00Z');

/** Strings of the form that are long enough to be personal (names, addresses, numbers), as the sample holds them. */
function formStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(formStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(formStrings);
  return [];
}

describe('GET /v1/applications/{id} once the retention period is over', () => {
  let gateway: TestGateway;
  let purged: { id: string; accessToken: string };
  let kept: { id: string; accessToken: string };
  const sample = validSample(PROCEDURE);

  beforeAll(async () => {
    gateway = await startTestGateway({ checks: [] });
    purged = await json(await submit(gateway, sample));
    kept = await json(await submit(gateway, sample));
    await gateway.store.appendTimeline(purged.id, { status: 'completed', at: COMPLETED_AT.toISOString(), source: 'welfare', detail: '受理しました' });
    // The second one completes a day later, so its period is not over when the first one's is.
    await gateway.store.appendTimeline(kept.id, { status: 'completed', at: new Date(COMPLETED_AT.getTime() + 86_400_000).toISOString(), source: 'welfare', detail: '受理しました' });
    const periodEnds = addIsoDuration(COMPLETED_AT, RETENTION);
    expect(await runRetentionPurge({ store: gateway.store, catalog, clock: () => periodEnds, batchSize: 10 })).toEqual({ purged: 1, procedures: 1 });
  });
  afterAll(() => gateway.dispose());

  it('answers 200 with purged: true, the status history and dates, and none of the form', async () => {
    for (const headers of [{ 'x-access-token': purged.accessToken }, FRONTEND, STAFF]) {
      const response = await gateway.app.request(`/v1/applications/${purged.id}`, { headers });
      expect(response.status).toBe(200);
      const view = await json(response);
      expect(view).toMatchObject({ id: purged.id, procedureId: PROCEDURE, status: 'completed', purged: true, purgedAt: addIsoDuration(COMPLETED_AT, RETENTION).toISOString() });
      expect(view.timeline.map((entry: { status: string; detail: string }) => [entry.status, entry.detail])).toEqual([
        ['received', ''],
        ['completed', ''],
      ]);
    }
    const record = JSON.stringify(await gateway.store.getApplication(purged.id));
    const values = formStrings(sample.form);
    expect(values.length).toBeGreaterThan(3);
    for (const value of values) expect(record).not.toContain(value);
  });

  it('leaves an application whose period is not over as it was, with purged: false', async () => {
    const view = await json(await gateway.app.request(`/v1/applications/${kept.id}`, { headers: { 'x-access-token': kept.accessToken } }));
    expect(view).toMatchObject({ status: 'completed', purged: false, retentionEndsAt: addIsoDuration(new Date(COMPLETED_AT.getTime() + 86_400_000), RETENTION).toISOString() });
    expect(view.purgedAt).toBeUndefined();
    expect(view.timeline.at(-1).detail).toBe('受理しました');
    expect((await gateway.store.getApplication(kept.id))?.form).toEqual(sample.form);
  });

  it('says when the period ends only once the application is terminal, and not after the purge', async () => {
    const open = await json(await submit(gateway, sample));
    expect(await json(await gateway.app.request(`/v1/applications/${open.id}`, { headers: FRONTEND }))).toMatchObject({ status: 'received', purged: false, retentionEndsAt: null });
    expect((await json(await gateway.app.request(`/v1/applications/${purged.id}`, { headers: FRONTEND }))).retentionEndsAt).toBeUndefined();
  });

  it('still answers 404 to a caller who may not see it', async () => {
    expect((await gateway.app.request(`/v1/applications/${purged.id}`, { headers: { 'x-access-token': kept.accessToken } })).status).toBe(404);
  });
});
