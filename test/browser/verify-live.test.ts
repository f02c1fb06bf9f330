/**
 * The verification page of a live gateway in Debian's chromium (playwright-core,
 * no browser download), with a certificate the gateway really issued: a resident's
 * 住民票の写し verifies as valid, a tampered copy as invalid, and once staff revoke
 * it, as revoked. Needs `apt-get install -y chromium`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { computeFee } from '../../src/intake/fee.js';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { paid, residentOfApplicant, signedBy } from '../support/evidence.js';
import { fixtureClock } from '../support/fixture-time.js';
import { validSamples } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type LiveGateway } from '../support/live-gateway.js';


let live: LiveGateway;
let context: BrowserContext;
let page: Page;
let browser: Chromium | undefined;
let profile: string;
let certificate: { id: string; documentBase64: string; signature: string; documentHash: string };

beforeAll(async () => {
  live = await startLiveGateway();
  const catalog = await loadCatalog('mappings/procedures', { clock: fixtureClock });
  const [, sample] = validSamples('juminhyo-copy').find(([, body]) => (body.issuance as { method: string }).method === 'electronic')!;
  const body = structuredClone(sample);
  const fee = computeFee(catalog.get('juminhyo-copy')!.procedure, body.form as Record<string, unknown>).amount;
  if (fee > 0) body.payment = await paid(live.gateway, fee);
  const accepted = await json(
    await fetch(`${live.url}/v1/applications`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `browser-${Date.now()}` },
      body: JSON.stringify(await signedBy(residentOfApplicant(body).atenaNumber, body)),
    }),
  );
  await followUntil(live, accepted.id, ['issued']);
  const status = await json(await fetch(`${live.url}/v1/applications/${accepted.id}`, { headers: { 'x-access-token': accepted.accessToken } }));
  certificate = await json(await fetch(`${live.url}/v1/certificates/${status.certificates[0].id}`, { headers: { 'x-access-token': accepted.accessToken } }));
  browser = await launchChromium();
  ({ context, profile } = browser);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

async function verifyOnPage(documentBytes: Buffer): Promise<string> {
  await page.goto(`${live.url}/verify`);
  await page.setInputFiles('#document-file', { name: 'cert.json', mimeType: 'application/json', buffer: documentBytes });
  await page.setInputFiles('#signature-file', { name: 'cert.p7s', mimeType: 'application/pkcs7-signature', buffer: Buffer.from(certificate.signature, 'base64') });
  await page.getByRole('button', { name: '検証する' }).click();
  await page.locator('#verdict').waitFor();
  return page.locator('#verdict').innerText();
}

describe('the /verify page of a live gateway', () => {
  it('shows a genuine certificate as valid, a tampered one as tampered, and a revoked one as revoked', async () => {
    const documentBytes = Buffer.from(certificate.documentBase64, 'base64');
    expect(await verifyOnPage(documentBytes)).toContain('有効');

    const tampered = Buffer.from(documentBytes.toString('utf8').replace('大阪市', '大坂市'), 'utf8');
    const verdict = await verifyOnPage(tampered);
    expect(verdict).toContain('無効');
    expect(verdict).toContain('改ざん');

    const revoke = await fetch(`${live.url}/v1/certificates/${certificate.id}/revoke`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-staff-key', 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '誤交付のため' }),
    });
    expect(revoke.status).toBe(200);
    expect(await verifyOnPage(documentBytes)).toContain('失効');

    await page.goto(`${live.url}/verify?id=${certificate.id}&hash=${certificate.documentHash}`);
    await page.locator('#verdict').waitFor();
    expect(await page.locator('#verdict').innerText()).toContain('失効');
    const screenshot = join(profile, 'verify.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
  });
});
