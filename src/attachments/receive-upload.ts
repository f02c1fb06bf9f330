import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentField } from '../catalog/form-definition.js';
import { InputError, PayloadTooLargeError } from '../errors.js';
import type { BlobStore } from './blob-store.js';
import { PdfActiveContentScanner } from './pdf-active-content.js';

/** What file-type needs to recognise every type we accept (its own sample size). */
const SNIFF_BYTES = 4100;

/** A received, checked upload, committed to the blob store under `sha256`. */
export interface ReceivedUpload {
  sha256: string;
  size: number;
  mediaType: string;
}

/** The field an upload is for, as the request names it. */
export interface UploadTarget {
  pointer: string;
  field: AttachmentField;
  /** The Content-Type the client declared (parameters dropped, lower case). */
  declaredType: string;
}

/**
 * Streams an upload into the blob store while hashing it, never holding more
 * than one chunk and the first few KiB: stops reading as soon as it passes the
 * field's `maxSize` (413) or its first bytes show a type the field does not
 * take (422). The type is judged from the bytes, and must be the one declared;
 * a PDF with active content is refused. Anything refused leaves nothing behind.
 */
export async function receiveUpload(body: ReadableStream<Uint8Array> | null, target: UploadTarget, blobs: BlobStore): Promise<ReceivedUpload> {
  const staged = await blobs.stage();
  const reader = body?.getReader();
  try {
    const hash = createHash('sha256');
    const scanner = new PdfActiveContentScanner();
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let size = 0;
    let mediaType: string | undefined;
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      const chunk = next.value;
      size += chunk.byteLength;
      if (size > target.field.maxSize) throw tooLarge(target);
      hash.update(chunk);
      scanner.push(chunk);
      await staged.write(chunk);
      if (mediaType === undefined) {
        head.push(chunk);
        headBytes += chunk.byteLength;
        if (headBytes >= SNIFF_BYTES) mediaType = await judgeType(Buffer.concat(head), target);
      }
    }
    if (size === 0) throw empty(target);
    mediaType ??= await judgeType(Buffer.concat(head), target);
    scanner.end();
    if (mediaType === 'application/pdf' && scanner.found) throw activeContent(target, scanner.found);
    const sha256 = hash.digest('hex');
    await staged.commit(sha256);
    return { sha256, size, mediaType };
  } catch (error) {
    await reader?.cancel().catch(() => {});
    await staged.discard();
    throw error;
  }
}

async function judgeType(head: Buffer, target: UploadTarget): Promise<string> {
  const judged = (await fileTypeFromBuffer(head))?.mime;
  const allowed: readonly string[] = target.field.mediaTypes;
  if (judged === undefined || !allowed.includes(judged)) {
    const message = `The bytes are ${judged ?? 'of no type recognised'}; this field takes ${allowed.join(', ')}.`;
    throw new InputError('attachment-type-refused', message, [{ pointer: 'body', code: 'not-in-list', message }]);
  }
  if (judged !== target.declaredType) {
    const message = `The bytes are ${judged}, but the Content-Type says ${target.declaredType}.`;
    throw new InputError('attachment-type-mismatch', message, [{ pointer: 'header:Content-Type', code: 'mismatch', message }]);
  }
  return judged;
}

function tooLarge(target: UploadTarget): PayloadTooLargeError {
  return new PayloadTooLargeError('attachment-too-large', `The field ${target.pointer} takes files up to ${target.field.maxSize} bytes; reading stopped there.`, {
    extensions: { errors: [{ pointer: 'body', code: 'too-long', message: `At most ${target.field.maxSize} bytes for ${target.pointer}.` }], field: target.pointer, maxSize: target.field.maxSize },
  });
}

function empty(target: UploadTarget): InputError {
  const message = `An upload for ${target.pointer} needs at least one byte.`;
  return new InputError('attachment-empty', message, [{ pointer: 'body', code: 'required', message }]);
}

function activeContent(target: UploadTarget, name: string): InputError {
  const message = `The PDF holds /${name} (scripts, embedded files or launch actions); ${target.pointer} takes documents without them. Print it to a plain PDF and upload that.`;
  return new InputError('attachment-active-content', message, [{ pointer: 'body', code: 'active-content', message }]);
}
