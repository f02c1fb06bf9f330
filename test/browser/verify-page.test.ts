/**
 * The verification page in a real browser (page code is passed to the
 * browser as strings: the project's type-check has no DOM library): Debian's chromium driven by
 * playwright-core, against a real local HTTP server that serves the page and
 * a stand-in `POST /v1/verifications` answering fixed reports by input.
 * Needs `apt-get install -y chromium`; no browser is ever downloaded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium.js';
import { registerVerifyPage } from '../../src/http/routes/verify-page.js';

const HASH = 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778';
/** DER starts with 0x30 0x82; the bytes are not valid UTF-8, as a real cert.p7s is not. */
const SIGNATURE = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff, 0xfe, 0x80, 0x00, 0x9c, 0xe3, 0x81, 0x42, 0x7f]);

const certificate = (id: string) => ({
  id,
  type: 'juminhyo-copy',
  issuedAt: '2026-12-01T01:30:00.000Z',
  issuer: { name: '大阪市', localGovernmentCode: '271004' },
});

const checks = (failing?: string) =>
  ['document-hash', 'signature', 'certificate-chain', 'revocation'].map((name) => ({
    name,
    result: name === failing ? 'FAILED' : 'PASSED',
    detail: name === failing ? `${name} check failed` : `${name} check passed`,
  }));

/** The reports the stand-in answers, by certificate id. */
const REPORTS: Record<string, unknown> = {
  crt_valid: { indication: 'TOTAL_PASSED', certificate: { ...certificate('crt_valid'), subject: { name: '𠮷田　茂', address: '大阪府大阪市北区天満2丁目1番8号' }, testDocument: true }, signingTime: '2026-12-01T01:30:05.000Z', checks: checks(), revocation: { status: 'good', checkedAt: '2026-12-02T00:00:00.000Z' } },
  crt_tampered: { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', certificate: certificate('crt_tampered'), signingTime: '2026-12-01T01:30:05.000Z', checks: checks('document-hash'), revocation: { status: 'good', checkedAt: '2026-12-02T00:00:00.000Z' } },
  crt_revoked: {
    indication: 'TOTAL_FAILED',
    subIndication: 'REVOKED',
    certificate: certificate('crt_revoked'),
    signingTime: '2026-12-01T01:30:05.000Z',
    checks: checks('revocation'),
    revocation: { status: 'revoked', checkedAt: '2026-12-20T00:00:00.000Z', revokedAt: '2026-12-15T03:00:00.000Z', reason: 'affiliationChanged' },
  },
  crt_unrecorded: {
    indication: 'INDETERMINATE',
    certificate: null,
    signingTime: null,
    checks: [{ name: 'document-hash', result: 'FAILED', detail: 'This gateway has no record of a certificate with this id.' }],
    revocation: { status: 'unknown', checkedAt: '2026-12-02T00:00:00.000Z' },
  },
  crt_unknown: { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', certificate: certificate('crt_unknown'), signingTime: '2026-12-01T01:30:05.000Z', checks: checks(), revocation: { status: 'unknown', checkedAt: '2026-12-02T00:00:00.000Z' } },
};

function certJson(id: string): string {
  return JSON.stringify({ version: 1, id, type: 'juminhyo-copy', issuer: { name: '大阪市', mayor: '大阪市長　横山　英幸' }, serial: '20261201-大阪市-ONLINE01-000123', issuedAt: '2026-12-01T01:30:00.000Z', subject: { name: '𠮷田　茂' } }, null, 2);
}

let server: ServerType;
let origin: string;
let browser: Chromium | undefined;
let context: BrowserContext;
let page: Page;
const received: unknown[] = [];
const cspViolations: string[] = [];

function stubGateway(): Hono {
  const app = new Hono();
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  registerVerifyPage(app, { name: '大阪市', nameEn: 'Osaka City' });
  app.post('/v1/verifications', async (c) => {
    const body = (await c.req.json()) as { document?: { id?: string }; signature?: string; certificateId?: string; documentHash?: string };
    received.push(body);
    if (body.document !== undefined && body.signature !== SIGNATURE.toString('base64')) {
      return c.json({ type: '/problems/signature-invalid', title: 'Invalid signature', status: 400, detail: 'The signature is not base64 DER.' }, 400);
    }
    const id = body.certificateId ?? body.document?.id ?? '';
    const report = Object.hasOwn(REPORTS, id) ? REPORTS[id] : undefined;
    if (!report) return c.json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No such certificate.' }, 404);
    return c.json(report);
  });
  return app;
}

async function upload(id: string): Promise<void> {
  await page.goto(`${origin}/verify`);
  await page.setInputFiles('#document-file', { name: 'cert.json', mimeType: 'application/json', buffer: Buffer.from(certJson(id)) });
  await page.setInputFiles('#signature-file', { name: 'cert.p7s', mimeType: 'application/pkcs7-signature', buffer: SIGNATURE });
  await page.getByRole('button', { name: '検証する' }).click();
  await page.locator('#verdict').waitFor();
}

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: stubGateway().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  ({ context } = browser);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

beforeEach(async () => {
  received.length = 0;
  cspViolations.length = 0;
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.addInitScript('window.localStorage.clear()');
});

afterEach(async () => {
  await page.close();
  expect(cspViolations).toEqual([]);
});

describe('the verification page in chromium', () => {
  it('verifies on arrival from a QR code link and says 有効 with the certificate facts and checks', async () => {
    await page.goto(`${origin}/verify?id=crt_valid&hash=${HASH}`);
    const verdict = page.locator('#verdict');
    await expect.poll(() => verdict.textContent()).toContain('有効');
    expect(await verdict.getAttribute('data-indication')).toBe('TOTAL_PASSED');
    expect(await verdict.locator('.verdict__icon').textContent()).toBe('✓');
    expect(received).toEqual([{ certificateId: 'crt_valid', documentHash: HASH }]);
    const result = await page.locator('#result').innerText();
    for (const fact of ['住民票の写し', '大阪市', 'crt_valid', '令和8年12月1日', '✓ 合格', '文書ハッシュの照合', '失効の確認']) expect(result).toContain(fact);
    for (const fact of ['氏名', '𠮷田　茂', '住所', '大阪府大阪市北区天満2丁目1番8号', '10:30（日本時間）', '見本（テスト用の文書）']) expect(result).toContain(fact);
    // each check's detail in the page's language, times in JST, not the report's English
    for (const detail of ['署名は署名者の証明書の鍵で検証できました。', '大阪市の認証局までたどれ', '失効していません。 確認日時: 令和8年12月2日 09:00（日本時間）']) expect(result).toContain(detail);
    expect(result).not.toContain('check passed');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('result');
  });

  it('uploads a tampered cert.json with its binary cert.p7s and says 無効 because it was 改ざん', async () => {
    await upload('crt_tampered');
    expect(received).toEqual([{ document: JSON.parse(certJson('crt_tampered')), signature: SIGNATURE.toString('base64') }]);
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('無効');
    expect(verdict).toContain('改ざんされています');
    expect(await page.locator('#verdict .verdict__icon').textContent()).toBe('✕');
    const result = await page.locator('#result').innerText();
    expect(result).toContain('20261201-大阪市-ONLINE01-000123');
    expect(result).toContain('✕ 不合格');
  });

  it('says 失効 for a revoked certificate, with the date and reason of revocation', async () => {
    await upload('crt_revoked');
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('無効');
    expect(verdict).toContain('失効しています');
    expect(verdict).toContain('令和8年12月15日');
    expect(verdict).toContain('記載事項の変更');
  });

  it('says 判定できません when the service cannot decide', async () => {
    await page.goto(`${origin}/verify?id=crt_unknown&hash=${HASH}`);
    await page.locator('#verdict').waitFor();
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('判定できません');
    expect(verdict).toContain('大阪市の認証局');
    expect(verdict).toContain('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('says in Japanese that there is no record when the id is unknown, not the report\'s English', async () => {
    await page.goto(`${origin}/verify?id=crt_unrecorded&hash=${HASH}`);
    await page.locator('#verdict').waitFor();
    const checks = await page.locator('.checks').innerText();
    expect(checks).toContain('この番号の証明書の発行記録がないため、状態を確認できません。');
    expect(checks).not.toContain('This gateway');
  });

  it('switches the page and the shown result to English and back', async () => {
    await page.goto(`${origin}/verify?id=crt_revoked&hash=${HASH}`);
    await page.locator('#verdict').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Verify an electronic certificate');
    expect(await page.locator('label[for="document-file"]').textContent()).toBe('Choose a file');
    expect(await page.locator('#verify-button').textContent()).toBe('Verify');
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('Invalid');
    expect(verdict).toContain('revoked');
    expect(verdict).toContain('15 December 2026');
    expect(await page.locator('.site-header__issuer').textContent()).toBe('Osaka City');
    const checks = await page.locator('.checks').innerText();
    expect(checks).toContain('It has been revoked. Revoked on: 15 December 2026');
    expect(checks).toContain('The signature verifies with the key of the signer certificate.');
    expect(checks).not.toContain('check passed');
    expect(await page.locator('#language-toggle').getAttribute('lang')).toBe('ja');
    await page.getByRole('button', { name: '日本語' }).click();
    expect(await page.locator('h1').textContent()).toBe('電子証明書の検証');
  });

  it('announces the result region politely and says what is missing instead of sending nothing', async () => {
    await page.goto(`${origin}/verify`);
    expect(await page.locator('#result').getAttribute('aria-live')).toBe('polite');
    await page.getByRole('button', { name: '検証する' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('cert.json');
    await page.fill('#document-text', '{"id": "crt_valid"');
    await page.fill('#signature-text', SIGNATURE.toString('base64'));
    await page.getByRole('button', { name: '検証する' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('JSON');
    expect(received).toEqual([]);
  });

  it('refuses a QR link whose hash is not a SHA-256 without calling the service', async () => {
    await page.goto(`${origin}/verify?id=crt_valid&hash=<img src=x>`);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('QRコード');
    expect(received).toEqual([]);
  });

  it('reflows at 200% zoom without horizontal scrolling, reaching the form in tab order', async () => {
    await page.setViewportSize({ width: 640, height: 900 });
    await page.goto(`${origin}/verify?id=crt_valid&hash=${HASH}`);
    await page.locator('#verdict').waitFor();
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await page.goto(`${origin}/verify`);
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate<string>("document.activeElement?.id || document.activeElement?.className || ''"));
    }
    expect(order).toEqual(['skip-link', 'language-toggle', 'document-file', 'document-text', 'signature-file', 'signature-text', 'verify-button']);
  });

  it('looks like something: a screenshot is a non-trivial PNG', async () => {
    await page.goto(`${origin}/verify?id=crt_tampered&hash=${HASH}`);
    await page.locator('#verdict').waitFor();
    const directory = await mkdtemp(join(tmpdir(), 'kakehashi-shot-'));
    try {
      const path = join(directory, 'verify.png');
      await page.screenshot({ path, fullPage: true });
      const png = await readFile(path);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBe(1280);
      expect(png.length).toBeGreaterThan(20_000);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
