import type { FieldDefinition, FormDefinition } from './form-definition.js';
import { MAX_FIELDS_PER_FORM, MAX_GROUP_DEPTH } from './form-definition.js';

/** A problem in a definition, located by a path inside the procedure file. */
export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

/** Checks the fields of one group (or of the form) and everything under them; `seen` counts fields across the whole form. */
function checkFields(fields: FieldDefinition[], path: (string | number)[], depth: number, seen: { fields: number }): DefinitionProblem | undefined {
  const names = new Set<string>();
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    seen.fields += 1;
    if (seen.fields > MAX_FIELDS_PER_FORM) return { path: [...path, 'fields', index], message: `a form may have at most ${MAX_FIELDS_PER_FORM} fields` };
    if (names.has(field.name)) return { path: [...path, 'fields', index, 'name'], message: `duplicate field name ${field.name}` };
    names.add(field.name);
    if (field.kind === 'group') {
      if (depth + 1 > MAX_GROUP_DEPTH) return { path: [...path, 'fields', index], message: `groups may be nested at most ${MAX_GROUP_DEPTH} deep` };
      const problem = checkFields(field.fields, [...path, 'fields', index], depth + 1, seen);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Checks what the form schema cannot: group nesting depth, the number of
 * fields, and that names are unique among siblings. Returns the first problem.
 */
export function checkFormDefinition(form: FormDefinition, basePath: (string | number)[] = ['form']): DefinitionProblem | undefined {
  return checkFields(form.fields, basePath, 0, { fields: 0 });
}

/** Where a form pointer leads: the field, whether the path crosses a repeated group, and whether every group on the way is required. */
export interface ResolvedField {
  field: FieldDefinition;
  insideRepeat: boolean;
  groupsRequired: boolean;
}

/** Resolves a JSON Pointer inside the form to a field definition by names (no array indices). */
export function resolveFieldPointer(form: FormDefinition, segments: readonly string[]): ResolvedField | undefined {
  let fields: FieldDefinition[] | undefined = form.fields;
  let insideRepeat = false;
  let groupsRequired = true;
  let found: FieldDefinition | undefined;
  for (const [index, segment] of segments.entries()) {
    found = fields?.find((field) => field.name === segment);
    if (!found) return undefined;
    const isLast = index === segments.length - 1;
    if (found.kind === 'group') {
      fields = found.fields;
      if (found.repeat) insideRepeat = true;
      if (!isLast && !found.required) groupsRequired = false;
    } else {
      fields = undefined;
    }
  }
  return found ? { field: found, insideRepeat, groupsRequired } : undefined;
}
