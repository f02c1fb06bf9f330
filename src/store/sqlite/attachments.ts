import type Database from 'better-sqlite3';
import type { AttachmentRecord } from '../attachment-store.js';
import { prepared } from './prepared.js';

/** Upload metadata in SQLite (table `attachments`, migration 12). Each writing function runs inside one write. */

interface AttachmentRow {
  id: string;
  client_id: string;
  procedure_id: string;
  pointer: string;
  sha256: string;
  size: number;
  media_type: string;
  created_at: string;
  expires_at: string;
  referenced_by: string | null;
}

function recordOf(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    procedureId: row.procedure_id,
    pointer: row.pointer,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.media_type,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    referencedBy: row.referenced_by,
  };
}

export function saveAttachment(db: Database.Database, record: AttachmentRecord): void {
  prepared(
    db,
    `INSERT INTO attachments (id, client_id, procedure_id, pointer, sha256, size, media_type, created_at, expires_at, referenced_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(record.id, record.clientId, record.procedureId, record.pointer, record.sha256, record.size, record.mediaType, record.createdAt, record.expiresAt, record.referencedBy);
}

export function getAttachment(db: Database.Database, id: string): AttachmentRecord | null {
  const row = prepared(db, 'SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
  return row ? recordOf(row) : null;
}

export function markAttachmentsReferenced(db: Database.Database, ids: readonly string[], applicationId: string): void {
  const mark = prepared(db, 'UPDATE attachments SET referenced_by = ? WHERE id = ? AND referenced_by IS NULL');
  for (const id of ids) mark.run(applicationId, id);
}

export function purgeExpiredAttachments(db: Database.Database, now: string, limit: number): AttachmentRecord[] {
  const rows = prepared(db, 'SELECT * FROM attachments WHERE referenced_by IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?').all(now, limit) as AttachmentRow[];
  const remove = prepared(db, 'DELETE FROM attachments WHERE id = ?');
  for (const row of rows) remove.run(row.id);
  return rows.map(recordOf);
}

export function isDigestReferenced(db: Database.Database, sha256: string): boolean {
  return prepared(db, 'SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
}
