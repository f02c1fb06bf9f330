import type { FieldDefinition } from '../../catalog/form-definition.js';
import type { Procedure } from '../../catalog/procedure.js';

/** The field at `path` (names of nested groups) in the procedure's form, or undefined. */
export function formField(procedure: Procedure, path: readonly string[]): FieldDefinition | undefined {
  let fields: FieldDefinition[] = procedure.form.fields;
  let found: FieldDefinition | undefined;
  for (const name of path) {
    found = fields.find((field) => field.name === name);
    if (!found) return undefined;
    fields = found.kind === 'group' ? found.fields : [];
  }
  return found;
}

/** The value at `path` in a submitted form, or undefined. */
export function formValue(form: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = form;
  for (const name of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** The Japanese label of the option the resident chose in a code field, or the value itself. */
export function chosenOptionLabel(procedure: Procedure, form: Record<string, unknown>, path: readonly string[]): string | undefined {
  const value = formValue(form, path);
  if (typeof value !== 'string') return undefined;
  const field = formField(procedure, path);
  const option = field?.kind === 'code' ? field.options.find((candidate) => candidate.value === value) : undefined;
  return option?.label.ja ?? value;
}
