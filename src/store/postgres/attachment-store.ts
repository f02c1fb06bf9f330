import type { AttachmentRecord, AttachmentStore } from '../parts/attachment-store.js';
import { toAttachment, type AttachmentRow } from '../rows.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Upload metadata in PostgreSQL: table `attachments`, the unreferenced ones
 * indexed by expiry. Marking is one conditional UPDATE (the first
 * application to reference an upload keeps it, whichever process marks
 * second); purging claims its rows with `FOR UPDATE SKIP LOCKED`, so purgers
 * in several processes delete, and report, disjoint uploads.
 */
export class PostgresAttachmentStore implements AttachmentStore {
  constructor(private readonly context: PostgresContext) {}

  async saveAttachment(record: AttachmentRecord): Promise<void> {
    await this.context.transaction(
      (tx) => tx`
        INSERT INTO attachments (id, client_id, procedure_id, pointer, sha256, size, media_type, created_at, expires_at, referenced_by)
        VALUES (${record.id}, ${record.clientId}, ${record.procedureId}, ${record.pointer}, ${record.sha256}, ${record.size},
          ${record.mediaType}, ${record.createdAt}, ${record.expiresAt}, ${record.referencedBy})`,
    );
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    const [row] = await this.context.sql<AttachmentRow[]>`SELECT * FROM attachments WHERE id = ${id}`;
    return row ? toAttachment(row) : null;
  }

  async markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.context.transaction(
      (tx) => tx`UPDATE attachments SET referenced_by = ${applicationId} WHERE id IN ${tx([...ids])} AND referenced_by IS NULL`,
    );
  }

  purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]> {
    return this.context.transaction(async (tx) => {
      const rows = await tx<AttachmentRow[]>`
        WITH purged AS (
          DELETE FROM attachments WHERE id IN (
            SELECT id FROM attachments WHERE referenced_by IS NULL AND expires_at <= ${now} ORDER BY expires_at, id LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          RETURNING *)
        SELECT * FROM purged ORDER BY expires_at, id`;
      return rows.map(toAttachment);
    });
  }

  async isDigestReferenced(sha256: string): Promise<boolean> {
    const rows = await this.context.sql`SELECT 1 FROM attachments WHERE sha256 = ${sha256} LIMIT 1`;
    return rows.length > 0;
  }
}
