/**
 * The fields of a procedure's form that form events may name: every field
 * that holds a value (groups are containers, not fields one types into), in
 * form order, with elements of repeated groups written `-`.
 */
import type { FieldDefinition, FormDefinition } from '../catalog/form-definition.js';
import { toPointer } from '../catalog/json-pointer.js';
import type { Catalog, LocalizedText } from '../catalog/procedure.js';

/** One field a resident can reach: its pointer inside the form and its label (group labels before it). */
export interface FormField {
  pointer: string;
  label: LocalizedText;
}

function fieldsOf(form: FormDefinition): FormField[] {
  const fields: FormField[] = [];
  const visit = (definitions: readonly FieldDefinition[], path: string[], labels: LocalizedText[]): void => {
    for (const field of definitions) {
      const at = [...path, field.name];
      if (field.kind === 'group') {
        visit(field.fields, field.repeat ? [...at, '-'] : at, [...labels, field.label]);
        continue;
      }
      const all = [...labels, field.label];
      fields.push({ pointer: toPointer(at), label: { ja: all.map((label) => label.ja).join(' › '), en: all.map((label) => label.en).join(' › ') } });
    }
  };
  visit(form.fields, [], []);
  return fields;
}

/** A pointer as form events count it: indexes of repeated-group elements become `-` (`/children/2/name` → `/children/-/name`). */
export function normalizeFieldPointer(pointer: string): string {
  return pointer.replace(/\/(?:0|[1-9][0-9]{0,5})(?=\/|$)/g, '/-');
}

/** The reachable fields of each procedure, worked out when a procedure is first named and kept. */
export class FormFieldIndex {
  readonly #byProcedure = new Map<string, { list: FormField[]; pointers: ReadonlySet<string> }>();

  constructor(private readonly catalog: Catalog) {}

  #entry(procedureId: string) {
    const known = this.#byProcedure.get(procedureId);
    if (known) return known;
    const procedure = this.catalog.get(procedureId)?.procedure;
    if (!procedure) return undefined;
    const list = fieldsOf(procedure.form);
    const entry = { list, pointers: new Set(list.map((field) => field.pointer)) };
    this.#byProcedure.set(procedureId, entry);
    return entry;
  }

  /** The procedure's fields in form order; undefined for a procedure not in the catalog. */
  fields(procedureId: string): readonly FormField[] | undefined {
    return this.#entry(procedureId)?.list;
  }

  /** Whether the (normalised) pointer names a field of the procedure's form. */
  hasField(procedureId: string, pointer: string): boolean {
    return this.#entry(procedureId)?.pointers.has(pointer) ?? false;
  }
}
