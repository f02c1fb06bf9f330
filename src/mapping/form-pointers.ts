/**
 * The pointers a procedure's form can produce, for checking mapping `from`
 * paths at boot. Elements of repeated groups are written `-`
 * (`/children/-/name`); compound values list their members
 * (`/applicant/birthDate/iso` for an era date).
 */
import type { FieldDefinition, FormDefinition } from '../catalog/form-definition.js';
import type { Catalog } from '../catalog/procedure.js';
import { appendPointer } from './json-pointer.js';
import type { ProcedureShape, ProcedureShapes } from './mapping.js';

/** Members of compound field values, as the checked form holds them. */
const MEMBERS: Partial<Record<FieldDefinition['kind'], readonly string[]>> = {
  'era-date': ['era', 'year', 'month', 'day', 'iso'],
  attachment: ['id', 'mediaType', 'size', 'sha256'],
};

/** Every pointer (without `/form`) that a submission of this form can hold. */
export function formPointersOf(form: FormDefinition): Set<string> {
  const pointers = new Set<string>();
  const visit = (fields: readonly FieldDefinition[], base: string): void => {
    for (const field of fields) {
      const pointer = appendPointer(base, field.name);
      pointers.add(pointer);
      if (field.kind === 'group') {
        const element = field.repeat ? appendPointer(pointer, '-') : pointer;
        if (field.repeat) pointers.add(element);
        visit(field.fields, element);
      }
      for (const member of MEMBERS[field.kind] ?? []) pointers.add(appendPointer(pointer, member));
    }
  };
  visit(form.fields, '');
  return pointers;
}

/**
 * The shapes the mapping loader checks against, worked out for a procedure
 * when a mapping names it: most of a large catalog's procedures have no
 * mapping (at 1,500 procedures, working out every shape took about 0.13 s of
 * each start).
 */
export function procedureShapesOf(catalog: Catalog): ProcedureShapes {
  const shapes = new Map<string, ProcedureShape>();
  return {
    get(procedureId) {
      const known = shapes.get(procedureId);
      if (known) return known;
      const procedure = catalog.get(procedureId)?.procedure;
      if (!procedure) return undefined;
      const shape = { formPointers: formPointersOf(procedure.form), steps: new Set(procedure.route.map((step) => step.name)) };
      shapes.set(procedureId, shape);
      return shape;
    },
  };
}
