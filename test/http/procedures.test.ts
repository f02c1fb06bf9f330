import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

const SHIPPED = ['business-support-grant', 'child-allowance', 'juminhyo-copy', 'moving-out', 'tax-certificate', 'tax-payment-certificate'];

describe('GET /v1/procedures', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.dispose());

  it('lists every shipped procedure with bilingual titles, identity, fee and issuance methods', async () => {
    const { procedures } = await json(await gateway.app.request('/v1/procedures'));
    expect(procedures.map((p: { id: string }) => p.id).sort()).toEqual(SHIPPED);
    const juminhyo = procedures.find((p: { id: string }) => p.id === 'juminhyo-copy');
    expect(juminhyo).toMatchObject({
      title: { ja: expect.stringContaining('住民票'), en: expect.any(String) },
      identity: 'jpki',
      fee: { kind: 'per-copy', amount: 300, currency: 'JPY' },
      issuanceMethods: expect.arrayContaining(['electronic', 'convenience-store', 'mail']),
    });
    expect(procedures.find((p: { id: string }) => p.id === 'business-support-grant').identity).toBe('none');
  });

  it('keeps the checked procedure files in the catalog cache of its data directory, written just after the start', async () => {
    await gateway.catalogCacheSaved;
    const cache = JSON.parse(readFileSync(join(gateway.config.dataDirectory, 'catalog-cache.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries).sort()).toEqual(SHIPPED.map((id) => `${id}.yaml`));
  });

  it('returns one procedure with the JSON Schema of its form', async () => {
    const response = await gateway.app.request('/v1/procedures/child-allowance');
    expect(response.status).toBe(200);
    const procedure = await json(response);
    expect(procedure.form.$schema).toContain('2020-12');
    expect(JSON.stringify(procedure.form)).toContain('children');
  });

  it('answers an unknown procedure with a problem+json 404', async () => {
    const response = await gateway.app.request('/v1/procedures/nope');
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ type: '/problems/procedure-not-found' });
  });
});
