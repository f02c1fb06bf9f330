import type { AttachmentRecord, AttachmentStore } from '../parts/attachment-store.js';
import { markReferencedScript, purgeExpiredScript } from './attachment-scripts.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/**
 * Upload metadata in Redis. Keys (after the store's prefix), kept here and in
 * attachment-scripts.ts so that this part stands alone:
 * - `attachment:<id>` string: the record as JSON
 * - `attachments:unreferenced` zset of ids by `expiresAt` ms (only while unreferenced)
 * - `attachments:digest:<sha256>` set of the ids holding those bytes
 */
export class RedisAttachmentStore implements AttachmentStore {
  constructor(private readonly context: RedisContext) {}

  async saveAttachment(record: AttachmentRecord): Promise<void> {
    const keys = attachmentKeys(this.context.prefix);
    const multi = this.context.redis.multi().set(keys.record(record.id), JSON.stringify(record)).sadd(keys.digest(record.sha256), record.id);
    if (record.referencedBy === null) multi.zadd(keys.unreferenced, millis(record.expiresAt), record.id);
    for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    const json = await this.context.redis.get(attachmentKeys(this.context.prefix).record(id));
    return json === null ? null : (JSON.parse(json) as AttachmentRecord);
  }

  async markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    for (const id of ids) await this.context.run(markReferencedScript, [id, applicationId]);
  }

  async purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]> {
    const purged = (await this.context.run(purgeExpiredScript, [millis(now), limit])) as string[];
    return purged.map((json) => JSON.parse(json) as AttachmentRecord);
  }

  async isDigestReferenced(sha256: string): Promise<boolean> {
    return (await this.context.redis.scard(attachmentKeys(this.context.prefix).digest(sha256))) > 0;
  }
}

function attachmentKeys(prefix: string) {
  return {
    record: (id: string) => `${prefix}attachment:${id}`,
    unreferenced: `${prefix}attachments:unreferenced`,
    digest: (sha256: string) => `${prefix}attachments:digest:${sha256}`,
  };
}
