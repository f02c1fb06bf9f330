import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttachmentRecord, AttachmentStore } from '../../src/store/parts/attachment-store.js';

const ROOT = 'fixtures/applications';

/** The attachment values of every sample submission under fixtures/applications/, with the field they are in. */
function fixtureReferences(): Omit<AttachmentRecord, 'clientId' | 'createdAt' | 'expiresAt' | 'referencedBy'>[] {
  const found = new Map<string, Omit<AttachmentRecord, 'clientId' | 'createdAt' | 'expiresAt' | 'referencedBy'>>();
  for (const procedure of readdirSync(ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
    for (const name of readdirSync(join(ROOT, procedure)).filter((file) => file.endsWith('.json'))) {
      const sample = JSON.parse(readFileSync(join(ROOT, procedure, name), 'utf8')) as { procedureId?: unknown; form?: unknown; body?: { procedureId?: unknown; form?: unknown } };
      const body = sample.body ?? sample;
      const visit = (value: unknown, pattern: string): void => {
        if (typeof value !== 'object' || value === null) return;
        const file = value as Record<string, unknown>;
        if (typeof file.id === 'string' && typeof file.sha256 === 'string' && typeof file.size === 'number' && typeof file.mediaType === 'string') {
          found.set(file.id, { id: file.id, procedureId: String(body.procedureId), pointer: pattern, sha256: file.sha256.toLowerCase(), size: file.size, mediaType: file.mediaType });
          return;
        }
        for (const [key, child] of Object.entries(file)) visit(child, `${pattern}/${Array.isArray(value) ? '-' : key}`);
      };
      visit(body.form, '');
    }
  }
  return [...found.values()];
}

/**
 * Records the uploads that the sample submissions reference, as if the dev
 * frontend had uploaded them and they were referenced already (they never
 * expire; no bytes are kept): tests that submit a sample then pass the
 * attachment check. Tests of uploads themselves upload real files.
 */
export async function seedFixtureUploads(store: AttachmentStore): Promise<void> {
  for (const reference of fixtureReferences()) {
    for (const clientId of ['dev-frontend', OTHER_CLIENT]) {
      const id = clientId === OTHER_CLIENT ? `${reference.id}${OTHER_SUFFIX}` : reference.id;
      if (await store.getAttachment(id)) continue;
      await store.saveAttachment({ ...reference, id, clientId, createdAt: '2000-01-01T00:00:00.000Z', expiresAt: '9999-12-31T23:59:59.999Z', referencedBy: 'fixture' });
    }
  }
}

const OTHER_CLIENT = 'other-frontend';
const OTHER_SUFFIX = '-other';

/** A sample whose attachment values name the copies of its uploads seeded for the test gateway's `other-frontend` client. */
export function withOtherClientUploads(sample: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(sample);
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const file = value as Record<string, unknown>;
    if (typeof file.id === 'string' && typeof file.sha256 === 'string') file.id = `${file.id}${OTHER_SUFFIX}`;
    else Object.values(file).forEach(visit);
  };
  visit(copy.form);
  return copy;
}
