import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentRecord } from '../../../src/store/parts/attachment-store.js';
import type { Store } from '../../../src/store/types.js';
import { at } from '../store-fixtures.js';
import type { OpenStore } from './open-store.js';

const DIGEST = 'a'.repeat(64);

function upload(id: string, overrides: Partial<AttachmentRecord> = {}): AttachmentRecord {
  return {
    id,
    clientId: 'dev-frontend',
    procedureId: 'business-support-grant',
    pointer: '/attachments/-/file',
    sha256: DIGEST,
    size: 1234,
    mediaType: 'application/pdf',
    createdAt: at(0),
    expiresAt: at(86_400),
    referencedBy: null,
    ...overrides,
  };
}

/** Upload metadata of attachments (the bytes are in the blob store, not here). */
export function describeAttachmentContract(open: OpenStore): void {
  describe('attachments', () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(() => cleanup());

    it('gives back an upload as saved, and null for an id never saved', async () => {
      await store.saveAttachment(upload('att_1'));
      expect(await store.getAttachment('att_1')).toEqual(upload('att_1'));
      expect(await store.getAttachment('att_none')).toBeNull();
    });

    it('keeps the first application that referenced an upload, however often it is marked', async () => {
      await store.saveAttachment(upload('att_1'));
      await store.markAttachmentsReferenced(['att_1'], 'app-1');
      await store.markAttachmentsReferenced(['att_1'], 'app-2');
      expect((await store.getAttachment('att_1'))?.referencedBy).toBe('app-1');
    });

    it('purges only unreferenced uploads past their expiry, at most the limit per call', async () => {
      await store.saveAttachment(upload('att_old_1'));
      await store.saveAttachment(upload('att_old_2', { expiresAt: at(86_401) }));
      await store.saveAttachment(upload('att_used'));
      await store.saveAttachment(upload('att_fresh', { expiresAt: at(200_000) }));
      await store.markAttachmentsReferenced(['att_used'], 'app-1');

      const first = await store.purgeExpiredAttachments(at(100_000), 1);
      expect(first.map((record) => record.id)).toEqual(['att_old_1']);
      const second = await store.purgeExpiredAttachments(at(100_000), 10);
      expect(second.map((record) => record.id)).toEqual(['att_old_2']);
      expect(await store.getAttachment('att_old_1')).toBeNull();
      expect(await store.getAttachment('att_used')).not.toBeNull();
      expect(await store.getAttachment('att_fresh')).not.toBeNull();
    });

    it('tells whether an upload still holds a digest once others with it are purged', async () => {
      const other = 'b'.repeat(64);
      await store.saveAttachment(upload('att_1'));
      await store.saveAttachment(upload('att_2', { sha256: other }));
      await store.markAttachmentsReferenced(['att_2'], 'app-1');
      await store.purgeExpiredAttachments(at(100_000), 10);
      expect(await store.isDigestReferenced(DIGEST)).toBe(false);
      expect(await store.isDigestReferenced(other)).toBe(true);
    });
  });
}
