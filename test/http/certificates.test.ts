import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../src/store/types.js';
import { devCity, type DevCity } from '../issuance/support/dev-city.js';
import { certificateApp, FRONTEND, postJson, STAFF, STORE_NETWORK, type CertificateApp } from '../issuance/support/certificate-app.js';

const run = promisify(execFile);

let city: DevCity;
let fixture: CertificateApp;
let certificateId: string;
let token: string;
let otherToken: string;
const rendered: CertificateRecord[] = [];

beforeAll(async () => {
  city = await devCity();
});
afterAll(() => city.dispose());
beforeEach(async () => {
  rendered.length = 0;
  fixture = await certificateApp(city, async (certificate) => {
    rendered.push(certificate);
    return Buffer.from('%PDF-1.7\n% test\n');
  });
  ({ certificateId, token } = await fixture.issue('app-0001'));
  ({ token: otherToken } = await fixture.issue('app-0002'));
});
afterEach(async () => {
  await fixture.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(fixture.app.request(path, { headers }));

describe('GET /v1/certificates/{id}', () => {
  it('gives staff the document, its exact signed bytes, the signature and the chain', async () => {
    const response = await get(`/v1/certificates/${certificateId}`, STAFF);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    const stored = (await fixture.store.getCertificate(certificateId))!;
    expect(body).toEqual({
      id: certificateId,
      type: 'juminhyo-copy',
      issuedAt: stored.issuedAt,
      revokedAt: null,
      documentHash: stored.documentHash,
      document: JSON.parse(stored.document),
      documentBase64: Buffer.from(stored.document, 'utf8').toString('base64'),
      signature: stored.signature,
      chain: [city.pki.city.signer.certificatePem, city.pki.city.organizationCa.certificatePem],
    });
  });

  it('gives the holder of the application’s access token the certificate; everyone else gets 404', async () => {
    expect((await get(`/v1/certificates/${certificateId}`, { 'x-access-token': token })).status).toBe(200);
    const others: Record<string, string>[] = [{}, { 'x-access-token': otherToken }, { 'x-access-token': `${token}x` }, { 'x-access-token': '' }, FRONTEND, STORE_NETWORK];
    for (const headers of others) {
      const response = await get(`/v1/certificates/${certificateId}`, headers);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.text()).not.toContain('髙橋');
    }
  });

  it('answers 404 for an unknown or absurd id, and 401 for a bad API key', async () => {
    expect((await get('/v1/certificates/crt_00000000000000000000000000000000', STAFF)).status).toBe(404);
    expect((await get(`/v1/certificates/${'x'.repeat(5000)}`, STAFF)).status).toBe(404);
    expect((await get(`/v1/certificates/${certificateId}`, { authorization: 'Bearer not-a-key-at-all' })).status).toBe(401);
  });
});

describe('GET /v1/certificates/{id}/pdf', () => {
  it('renders the PDF for staff, the store network and the token holder', async () => {
    for (const headers of [STAFF, STORE_NETWORK, { 'x-access-token': token }]) {
      const response = await get(`/v1/certificates/${certificateId}/pdf`, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(rendered.map((certificate) => certificate.id)).toEqual([certificateId, certificateId, certificateId]);
  });

  it('is 404 for a frontend, another token or nobody, before any rendering', async () => {
    const others: Record<string, string>[] = [{}, FRONTEND, { 'x-access-token': otherToken }];
    for (const headers of others) expect((await get(`/v1/certificates/${certificateId}/pdf`, headers)).status).toBe(404);
    expect(rendered).toEqual([]);
  });

  it('is 501 pdf-not-available when no renderer is configured', async () => {
    const bare = await certificateApp(city);
    try {
      const { certificateId: id, token: holder } = await bare.issue('app-0100');
      const response = await Promise.resolve(bare.app.request(`/v1/certificates/${id}/pdf`, { headers: { 'x-access-token': holder } }));
      expect(response.status).toBe(501);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ type: '/problems/pdf-not-available', status: 501 });
      expect((await Promise.resolve(bare.app.request(`/v1/certificates/${id}/pdf`))).status).toBe(404);
    } finally {
      await bare.dispose();
    }
  });
});

describe('POST /v1/certificates/{id}/revoke', () => {
  const revoke = (body: unknown, headers: Record<string, string> = STAFF, id = certificateId) => postJson(fixture.app, `/v1/certificates/${id}/revoke`, body, headers);

  it('revokes for staff, records it in the application’s timeline, and refuses a second time with 409', async () => {
    const response = await revoke({ reason: '記載事項の誤りによる再発行のため' });
    expect(response.status).toBe(200);
    const at = fixture.clock.at.toISOString();
    expect(await response.json()).toEqual({ id: certificateId, revokedAt: at, reason: '記載事項の誤りによる再発行のため' });
    expect(await fixture.store.getCertificate(certificateId)).toMatchObject({ revokedAt: at, revocationReason: '記載事項の誤りによる再発行のため' });
    const timeline = await fixture.store.getTimeline('app-0001');
    expect(timeline.at(-1)).toEqual({ status: 'issued', at, source: 'staff:dev-staff', detail: `証明書 ${certificateId} を失効させました / Certificate ${certificateId} revoked` });
    expect((await fixture.store.getApplication('app-0001'))!.status).toBe('issued');
    expect((await get(`/v1/certificates/${certificateId}`, STAFF)).status).toBe(200);
    expect(((await (await get(`/v1/certificates/${certificateId}`, STAFF)).json()) as { revokedAt: string }).revokedAt).toBe(at);

    const again = await revoke({ reason: 'もう一度' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: '/problems/certificate-already-revoked' });
  });

  it('is for staff only', async () => {
    expect((await revoke({ reason: 'x' }, {})).status).toBe(401);
    expect((await revoke({ reason: 'x' }, FRONTEND)).status).toBe(403);
    expect((await revoke({ reason: 'x' }, { 'x-access-token': token })).status).toBe(401);
    expect((await fixture.store.getCertificate(certificateId))!.revokedAt).toBeNull();
  });

  it('refuses a missing, empty, overlong or hostile reason with 400 naming /reason, and revokes nothing', async () => {
    const cases: Array<[unknown, number, string?]> = [
      [{}, 400, '/reason'],
      [{ reason: '   ' }, 400, '/reason'],
      [{ reason: 'あ'.repeat(501) }, 400, '/reason'],
      [{ reason: 42 }, 400, '/reason'],
      [{ reason: 'ok', extra: true }, 400, '/extra'],
      ['{"reason":"ok","__proto__":{"admin":true}}', 400, '/__proto__'],
      ['{"reason":', 400],
      [`{"reason":"${'x'.repeat(5000)}"}`, 413],
      ['[[[[[[[[[[]]]]]]]]]]', 400],
    ];
    for (const [body, status, pointer] of cases) {
      const response = await revoke(body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      if (pointer) expect(((await response.json()) as { errors: Array<{ pointer: string }> }).errors.map((issue) => issue.pointer)).toContain(pointer);
    }
    expect((await fixture.store.getCertificate(certificateId))!.revokedAt).toBeNull();
  });

  it('is 404 for an unknown certificate', async () => {
    expect((await revoke({ reason: 'x' }, STAFF, 'crt_00000000000000000000000000000000')).status).toBe(404);
  });
});

describe('offline verification with OpenSSL', () => {
  it('verifies what GET hands out against the city root, and fails for a changed document', async () => {
    const body = (await (await get(`/v1/certificates/${certificateId}`, { 'x-access-token': token })).json()) as { documentBase64: string; signature: string };
    const json = join(city.directory, 'cert.json');
    const p7s = join(city.directory, 'cert.p7s');
    writeFileSync(json, Buffer.from(body.documentBase64, 'base64'));
    writeFileSync(p7s, Buffer.from(body.signature, 'base64'));
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-CAfile', city.layout.cityRoot.certificate, '-purpose', 'any', '-out', '/dev/null'];
    const { stderr } = await run('openssl', args);
    expect(stderr).toContain('Verification successful');

    const changed = Buffer.from(body.documentBase64, 'base64').toString('utf8').replace('髙橋　一郎', '髙橋　二郎');
    writeFileSync(json, changed);
    await expect(run('openssl', args)).rejects.toMatchObject({ code: expect.any(Number) });
  });
});
