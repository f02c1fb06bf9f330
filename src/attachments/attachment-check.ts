import { InputError, type InputIssue } from '../errors.js';
import type { CheckContext, CheckOutcome, SubmissionCheck } from '../intake/check.js';
import type { AttachmentStore } from '../store/parts/attachment-store.js';
import { attachmentReferencesOf } from './attachment-fields.js';

/**
 * The intake check of a form's attachment values: each must name an upload of
 * the same client, for the same procedure and field, not expired, and with
 * the digest, size and type the form states. The form (digest included) is
 * what the resident signed, so a swapped file fails here or at the signature.
 * The same client may reference one upload from several applications (a
 * corrected resubmission, the same permit for two shops).
 */
export function attachmentCheck(store: AttachmentStore): SubmissionCheck {
  return {
    name: 'attachments',
    async check({ procedure, form, clientId, now }: CheckContext): Promise<CheckOutcome> {
      const references = attachmentReferencesOf(procedure.procedure.form, form);
      const issues: InputIssue[] = [];
      for (const reference of references) {
        const upload = await store.getAttachment(reference.value.id);
        const pointer = `/form${reference.at}`;
        // another client's upload is answered like one that does not exist: ids are not confirmed to others
        if (!upload || upload.clientId !== clientId) {
          issues.push({ pointer: `${pointer}/id`, code: 'not-found', message: 'No upload with this id from this client (POST /v1/attachments).' });
        } else if (upload.referencedBy === null && upload.expiresAt <= now.toISOString()) {
          issues.push({ pointer: `${pointer}/id`, code: 'expired', message: 'This upload expired unreferenced; upload the file again.' });
        } else if (upload.procedureId !== procedure.procedure.id || upload.pointer !== reference.pointer) {
          issues.push({ pointer: `${pointer}/id`, code: 'other-field', message: `This upload was made for ${upload.procedureId} ${upload.pointer}.` });
        } else {
          if (upload.sha256 !== reference.value.sha256) issues.push({ pointer: `${pointer}/sha256`, code: 'mismatch', message: 'Not the digest of the uploaded bytes.' });
          if (upload.size !== reference.value.size) issues.push({ pointer: `${pointer}/size`, code: 'mismatch', message: 'Not the size of the uploaded bytes.' });
          if (upload.mediaType !== reference.value.mediaType) issues.push({ pointer: `${pointer}/mediaType`, code: 'mismatch', message: `The uploaded bytes are ${upload.mediaType}.` });
        }
      }
      if (issues.length > 0) {
        throw new InputError('attachment-reference-invalid', 'An attachment of the form does not name a usable upload of this client; nothing was recorded.', issues);
      }
      return {};
    },
  };
}
