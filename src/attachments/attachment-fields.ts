import type { AttachmentField, FieldDefinition, FormDefinition } from '../catalog/form-definition.js';
import { toPointer } from '../catalog/json-pointer.js';

/** An attachment field of a form, at its pointer with repeated-group indexes written `-` (`/attachments/-/file`). */
export interface AttachmentFieldAt {
  pointer: string;
  field: AttachmentField;
}

/** A reference to an upload found in a submitted form, with the field it is in. */
export interface AttachmentReference extends AttachmentFieldAt {
  /** Where the value is in the form (`/attachments/0/file`). */
  at: string;
  value: { id: string; mediaType: string; size: number; sha256: string };
}

/** Every attachment field of the form. */
export function attachmentFieldsOf(form: FormDefinition): AttachmentFieldAt[] {
  const found: AttachmentFieldAt[] = [];
  const visit = (fields: readonly FieldDefinition[], path: string[]): void => {
    for (const field of fields) {
      const at = [...path, field.name];
      if (field.kind === 'group') visit(field.fields, field.repeat ? [...at, '-'] : at);
      else if (field.kind === 'attachment') found.push({ pointer: toPointer(at), field });
    }
  };
  visit(form.fields, []);
  return found;
}

/** The attachment values of a form that passed validation (so each value has the shape of its field). */
export function attachmentReferencesOf(form: FormDefinition, data: Record<string, unknown>): AttachmentReference[] {
  const found: AttachmentReference[] = [];
  const visit = (fields: readonly FieldDefinition[], value: unknown, path: string[], pattern: string[]): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const field of fields) {
      const child = (value as Record<string, unknown>)[field.name];
      if (child === undefined || child === null) continue;
      const at = [...path, field.name];
      const like = [...pattern, field.name];
      if (field.kind === 'group') {
        if (field.repeat && Array.isArray(child)) child.forEach((element, index) => visit(field.fields, element, [...at, String(index)], [...like, '-']));
        else visit(field.fields, child, at, like);
      } else if (field.kind === 'attachment') {
        found.push({ pointer: toPointer(like), field, at: toPointer(at), value: child as AttachmentReference['value'] });
      }
    }
  };
  visit(form.fields, data, [], []);
  return found;
}
