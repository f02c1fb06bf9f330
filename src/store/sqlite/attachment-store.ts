import type { AttachmentRecord, AttachmentStore } from '../parts/attachment-store.js';
import { toAttachment, type AttachmentRow } from '../rows.js';
import { prepared } from './prepared.js';
import type { SqliteContext } from './sqlite-context.js';

/** Upload metadata in SQLite: table `attachments` (migration 12), the unreferenced ones indexed by expiry. */
export class SqliteAttachmentStore implements AttachmentStore {
  constructor(private readonly context: SqliteContext) {}

  saveAttachment(record: AttachmentRecord): Promise<void> {
    return this.context.write((db) => {
      prepared(
        db,
        `INSERT INTO attachments (id, client_id, procedure_id, pointer, sha256, size, media_type, created_at, expires_at, referenced_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(record.id, record.clientId, record.procedureId, record.pointer, record.sha256, record.size, record.mediaType, record.createdAt, record.expiresAt, record.referencedBy);
    });
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
    return row ? toAttachment(row) : null;
  }

  markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    return this.context.write((db) => {
      const mark = prepared(db, 'UPDATE attachments SET referenced_by = ? WHERE id = ? AND referenced_by IS NULL');
      for (const id of ids) mark.run(applicationId, id);
    });
  }

  purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]> {
    return this.context.write((db) => {
      const rows = prepared(db, 'SELECT * FROM attachments WHERE referenced_by IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?').all(now, limit) as AttachmentRow[];
      const remove = prepared(db, 'DELETE FROM attachments WHERE id = ?');
      for (const row of rows) remove.run(row.id);
      return rows.map(toAttachment);
    });
  }

  async isDigestReferenced(sha256: string): Promise<boolean> {
    return prepared(this.context.db, 'SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }
}
