import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadLinks } from '../../src/attachments/download-links.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/catalog/form-definition.js';
import { FRONTEND, OTHER_FRONTEND, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { validSample } from '../support/fixtures.js';
import { FIXTURE_NOW } from '../support/fixture-time.js';
import { plainPdf, PNG, ZIP } from './sample-files.js';

const FIELD = '/attachments/-/file';
let gateway: TestGateway;
let now = FIXTURE_NOW.getTime();

beforeAll(async () => {
  gateway = await startTestGateway({ clock: () => new Date(now) });
});
afterAll(() => gateway.dispose());

interface Uploaded {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  expiresAt: string;
}

function upload(bytes: Uint8Array, contentType: string, options: { headers?: Record<string, string>; field?: string } = {}): Promise<Response> {
  const query = new URLSearchParams({ procedureId: 'business-support-grant', field: options.field ?? FIELD });
  return Promise.resolve(gateway.app.request(`/v1/attachments?${query}`, { method: 'POST', headers: { ...FRONTEND, 'content-type': contentType, ...options.headers }, body: bytes }));
}

async function uploaded(bytes: Uint8Array, contentType = 'application/pdf', headers: Record<string, string> = {}): Promise<Uploaded> {
  const response = await upload(bytes, contentType, { headers });
  expect(response.status).toBe(201);
  return (await response.json()) as Uploaded;
}

/** The grant sample with one attachment: `file`. */
function grantWith(file: Record<string, unknown>): Record<string, unknown> {
  const sample = validSample('business-support-grant') as { form: { attachments: unknown[] } };
  sample.form.attachments = [{ documentType: 'permit', file }];
  return sample;
}

function keptFiles(): string[] {
  const root = join(gateway.config.dataDirectory, 'attachments');
  const walk = (directory: string): string[] =>
    existsSync(directory) ? readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(directory, entry.name)) : [entry.name])) : [];
  return walk(root);
}

async function problemOf(response: Response): Promise<{ type: string; errors?: { pointer: string; code: string }[]; field?: string }> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { type: string; errors?: { pointer: string; code: string }[]; field?: string };
}

async function expectRefusedAndNothingKept(response: Response, status: number, code: string): Promise<void> {
  const before = keptFiles();
  expect(response.status).toBe(status);
  expect((await problemOf(response)).type).toBe(`/problems/${code}`);
  expect(keptFiles()).toEqual(before);
  expect(keptFiles().some((name) => !/^[0-9a-f]{64}$/.test(name))).toBe(false);
}

describe('POST /v1/attachments', () => {
  it('stores a PDF under its digest and answers with what the form needs', async () => {
    const bytes = plainPdf(5000);
    const answer = await uploaded(bytes);
    expect(answer).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), size: 5000, mediaType: 'application/pdf' });
    expect(answer.id).toMatch(/^att_[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(answer.expiresAt) - now).toBe(24 * 3600 * 1000);
    expect(keptFiles()).toContain(answer.sha256);
  });

  it('refuses an empty body', async () => {
    await expectRefusedAndNothingKept(await upload(new Uint8Array(0), 'application/pdf'), 422, 'attachment-empty');
  });

  it('stops at the field\'s size limit with a 413 naming the field', async () => {
    const response = await upload(plainPdf(MAX_ATTACHMENT_BYTES + 1), 'application/pdf');
    expect(response.status).toBe(413);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: '/problems/attachment-too-large', field: FIELD });
    expect(keptFiles().every((name) => /^[0-9a-f]{64}$/.test(name))).toBe(true);
  });

  it('judges the type from the bytes: a PNG sent as a PDF is refused', async () => {
    await expectRefusedAndNothingKept(await upload(PNG, 'application/pdf'), 422, 'attachment-type-mismatch');
    expect((await uploaded(PNG, 'image/png')).mediaType).toBe('image/png');
  });

  it('never opens a ZIP (a bomb in disguise) sent as a PDF', async () => {
    const response = await upload(ZIP, 'application/pdf');
    const problem = await problemOf(response.clone());
    expect(problem.errors?.[0]).toMatchObject({ pointer: 'body', code: 'not-in-list' });
    await expectRefusedAndNothingKept(response, 422, 'attachment-type-refused');
  });

  it('refuses a PDF with JavaScript, written plainly or with escaped names, and one with an embedded file', async () => {
    for (const body of ['1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n', '1 0 obj << /OpenAction << /S /J#61vaScript >> >> endobj\n', '3 0 obj << /Type /EmbeddedFile >> stream\nMZ\nendstream endobj\n']) {
      await expectRefusedAndNothingKept(await upload(plainPdf(3000, body), 'application/pdf'), 422, 'attachment-active-content');
    }
  });

  it('names the query parameter for an unknown procedure or a field that takes no file', async () => {
    const response = await upload(plainPdf(), 'application/pdf', { field: '/business/name' });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.pointer).toBe('query:field');
  });

  it('takes uploads from frontend clients only', async () => {
    expect((await upload(plainPdf(), 'application/pdf', { headers: { authorization: 'Bearer dev-staff-key' } })).status).toBe(403);
  });
});

describe('attachment references at intake', () => {
  it('accepts a form that references an upload of the same client with its digest', async () => {
    const file = await uploaded(plainPdf(4000));
    const response = await submit(gateway, grantWith({ id: file.id, mediaType: file.mediaType, size: file.size, sha256: file.sha256 }));
    expect(response.status).toBe(202);
    expect((await gateway.store.getAttachment(file.id))?.referencedBy).toBe(((await response.json()) as { id: string }).id);
  });

  it('refuses another client\'s upload as if it did not exist', async () => {
    const file = await uploaded(plainPdf(4100));
    const response = await submit(gateway, grantWith({ id: file.id, mediaType: file.mediaType, size: file.size, sha256: file.sha256 }), OTHER_FRONTEND);
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/form/attachments/0/file/id', code: 'not-found' })]);
  });

  it('refuses a digest that is not the uploaded bytes\' (a swapped file)', async () => {
    const file = await uploaded(plainPdf(4200));
    const response = await submit(gateway, grantWith({ id: file.id, mediaType: file.mediaType, size: file.size, sha256: 'b'.repeat(64) }));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/form/attachments/0/file/sha256', code: 'mismatch' })]);
  });

  it('refuses an upload that expired unreferenced, and the purge removes it and its bytes', async () => {
    const file = await uploaded(plainPdf(4300));
    const kept = await uploaded(plainPdf(4400));
    expect((await submit(gateway, grantWith({ id: kept.id, mediaType: kept.mediaType, size: kept.size, sha256: kept.sha256 }))).status).toBe(202);
    now += 24 * 3600 * 1000 + 1;
    try {
      const response = await submit(gateway, grantWith({ id: file.id, mediaType: file.mediaType, size: file.size, sha256: file.sha256 }));
      expect(response.status).toBe(422);
      expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/form/attachments/0/file/id', code: 'expired' })]);
      expect(await gateway.attachments.purgeUnreferenced(100)).toBeGreaterThanOrEqual(1);
      expect(await gateway.store.getAttachment(file.id)).toBeNull();
      expect(keptFiles()).not.toContain(file.sha256);
      expect(await gateway.store.getAttachment(kept.id)).not.toBeNull();
      expect(keptFiles()).toContain(kept.sha256);
    } finally {
      now -= 24 * 3600 * 1000 + 1;
    }
  });
});

describe('claim-check links', () => {
  it('serve a referenced upload\'s bytes with their digest, and refuse a changed or expired link', async () => {
    const bytes = plainPdf(6000);
    const file = await uploaded(bytes);
    // referenced as intake marks it (a form referencing it is submitted in the tests above)
    await gateway.store.markAttachmentsReferenced([file.id], 'application-1');
    const links = new DownloadLinks(gateway.config.accessTokenSecret!, gateway.store, '', () => new Date(now));
    const claim = await links.claimCheck({ id: file.id, sha256: file.sha256 }, { clientId: 'dev-frontend' });
    expect(claim).toMatchObject({ id: file.id, sha256: file.sha256, size: 6000 });
    expect(await links.claimCheck({ id: file.id, sha256: file.sha256 }, { clientId: 'other-frontend' })).toBeUndefined();

    const fetched = await gateway.app.request(claim!.url);
    expect(fetched.status).toBe(200);
    const body = Buffer.from(await fetched.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
    expect(fetched.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);

    const stretched = claim!.url.replace(/expires=[0-9]+/, `expires=${now + 365 * 24 * 3600 * 1000}`);
    expect((await gateway.app.request(stretched)).status).toBe(404);
    now += 24 * 3600 * 1000 + 1;
    try {
      const expired = await gateway.app.request(claim!.url);
      expect(expired.status).toBe(410);
      expect((await problemOf(expired)).type).toBe('/problems/attachment-link-expired');
    } finally {
      now -= 24 * 3600 * 1000 + 1;
    }
  });
});
