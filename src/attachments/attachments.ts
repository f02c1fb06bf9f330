import { randomBytes } from 'node:crypto';
import type { Catalog, CompiledProcedure } from '../catalog/procedure.js';
import { InputError } from '../errors.js';
import type { AttachmentRecord, AttachmentStore } from '../store/parts/attachment-store.js';
import { attachmentFieldsOf, attachmentReferencesOf } from './attachment-fields.js';
import type { BlobStore } from './blob-store.js';
import { receiveUpload } from './receive-upload.js';

/** How long an upload waits for an application to reference it before the purge removes it. */
export const UNREFERENCED_TTL_MS = 24 * 3600 * 1000;

export interface AttachmentsOptions {
  store: AttachmentStore;
  blobs: BlobStore;
  catalog: Catalog;
  clock: () => Date;
}

/** What a frontend names when it uploads: the procedure, the attachment field, the Content-Type it declares. */
export interface UploadRequest {
  clientId: string;
  procedureId: string;
  /** The field's pointer inside the form; indexes of repeated groups may be numbers or `-`. */
  pointer: string;
  contentType: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}

/** Uploads of attachments: received into the blob store, recorded, referenced by an application, purged when never referenced. */
export class Attachments {
  constructor(private readonly options: AttachmentsOptions) {}

  async upload(request: UploadRequest): Promise<AttachmentRecord> {
    const { store, blobs, catalog, clock } = this.options;
    const procedure = catalog.get(request.procedureId);
    if (!procedure) throw queryInvalid('procedureId', `There is no procedure '${request.procedureId}' (GET /v1/procedures).`);
    const pointer = request.pointer.replace(/\/(?:0|[1-9][0-9]{0,5})(?=\/|$)/g, '/-');
    const target = attachmentFieldsOf(procedure.procedure.form).find((candidate) => candidate.pointer === pointer);
    if (!target) throw queryInvalid('field', `The form of '${request.procedureId}' has no attachment field at ${request.pointer}.`);
    const declaredType = request.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (declaredType === '') {
      throw new InputError('attachment-type-mismatch', 'Send the file with its Content-Type (application/pdf, image/jpeg …).', [
        { pointer: 'header:Content-Type', code: 'required', message: 'The Content-Type of the file.' },
      ]);
    }
    const received = await receiveUpload(request.body, { ...target, declaredType }, blobs);
    const now = clock();
    const record: AttachmentRecord = {
      id: `att_${randomBytes(24).toString('base64url')}`,
      clientId: request.clientId,
      procedureId: request.procedureId,
      pointer,
      ...received,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + UNREFERENCED_TTL_MS).toISOString(),
      referencedBy: null,
    };
    await store.saveAttachment(record);
    return record;
  }

  /** Marks the uploads the recorded application's form references, so that the purge keeps them. Idempotent. */
  async markReferenced(applicationId: string, procedure: CompiledProcedure, form: Record<string, unknown>): Promise<void> {
    const ids = attachmentReferencesOf(procedure.procedure.form, form).map((reference) => reference.value.id);
    if (ids.length > 0) await this.options.store.markAttachmentsReferenced(ids, applicationId);
  }

  /** Removes up to `limit` uploads no application referenced within their time, and their bytes when no other upload holds them. */
  async purgeUnreferenced(limit: number): Promise<number> {
    const { store, blobs, clock } = this.options;
    const purged = await store.purgeExpiredAttachments(clock().toISOString(), limit);
    for (const sha256 of new Set(purged.map((record) => record.sha256))) {
      if (!(await store.isDigestReferenced(sha256))) await blobs.remove(sha256);
    }
    return purged.length;
  }
}

function queryInvalid(name: string, message: string): InputError {
  return new InputError('query-invalid', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}
