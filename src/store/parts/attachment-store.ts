/**
 * The store part for uploaded attachments (資料添付): each upload's metadata.
 * The bytes are in the blob store (src/attachments/blob-store.ts) under their
 * SHA-256; two uploads of the same bytes share one blob.
 */

/** One upload, as POST /v1/attachments recorded it. Holds no personal data itself: the bytes may, and are kept apart. */
export interface AttachmentRecord {
  /** Random, unguessable upload id (`att_…`). */
  id: string;
  /** The frontend client that uploaded it: only that client may reference it. */
  clientId: string;
  procedureId: string;
  /** The attachment field, repeated-group indexes written `-` (`/attachments/-/file`). */
  pointer: string;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  size: number;
  /** As judged from the bytes. */
  mediaType: string;
  /** ISO-8601 (`toISOString`). */
  createdAt: string;
  /** An unreferenced upload is purged after this (ISO-8601). */
  expiresAt: string;
  /** The application that references it; null while unreferenced. */
  referencedBy: string | null;
}

/**
 * Semantics (both implementations):
 * - `saveAttachment` records a new upload (ids are never reused).
 * - `getAttachment` returns it, expired or not (callers judge expiry).
 * - `markAttachmentsReferenced` sets `referencedBy` on the uploads that are not
 *   referenced yet; an upload already referenced keeps its application.
 *   Running it twice changes nothing.
 * - `purgeExpiredAttachments` deletes at most `limit` unreferenced uploads
 *   whose `expiresAt` is at or before `now`, returning what it deleted.
 * - `isDigestReferenced` tells whether any upload left holds these bytes
 *   (the purge keeps a blob while one does).
 */
export interface AttachmentStore {
  saveAttachment(record: AttachmentRecord): Promise<void>;
  getAttachment(id: string): Promise<AttachmentRecord | null>;
  markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void>;
  purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]>;
  isDigestReferenced(sha256: string): Promise<boolean>;
}
