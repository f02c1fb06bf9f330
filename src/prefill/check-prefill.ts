/**
 * Checks `mappings/prefill.yaml` against the catalog: every procedure exists,
 * every pointer leads to a field of the kind its fact fills (outside repeated
 * groups), the household pointer to a repeated group and its fields to
 * fields of that group. What passes is the declaration prefill works from.
 */
import type { FieldDefinition, GroupField } from '../catalog/form-definition.js';
import { fromPointer } from '../catalog/json-pointer.js';
import type { Catalog } from '../catalog/procedure.js';
import { FIELD_KIND_OF_FACT, type PersonFact } from './prefill-facts.js';
import type { PrefillFile } from './prefill-schema.js';

/** One field the applicant's facts fill. */
export interface FactField {
  pointer: string;
  segments: string[];
  fact: PersonFact;
}

/** How one procedure's form is prefilled. */
export interface ProcedurePrefill {
  fields: FactField[];
  household?: { pointer: string; segments: string[]; maxMembers: number; fields: Array<{ name: string; fact: PersonFact }> };
}

/** The prefill declarations, by procedure id; a procedure not in it offers no prefill. */
export type PrefillMappings = ReadonlyMap<string, ProcedurePrefill>;

/** Where in the file the check failed (path segments) and why. */
export interface PrefillProblem {
  path: string[];
  message: string;
}

/** The field the pointer leads to, and whether a repeated group lies on the way. */
function fieldAt(fields: readonly FieldDefinition[], segments: readonly string[]): { field: FieldDefinition; inRepeat: boolean } | undefined {
  let level = fields;
  let inRepeat = false;
  for (const [index, segment] of segments.entries()) {
    const field = level.find((candidate) => candidate.name === segment);
    if (!field) return undefined;
    if (index === segments.length - 1) return { field, inRepeat };
    if (field.kind !== 'group') return undefined;
    inRepeat ||= field.repeat !== undefined;
    level = field.fields;
  }
  return undefined;
}

function fieldProblem(field: FieldDefinition | undefined, inRepeat: boolean, fact: PersonFact): string | undefined {
  if (!field) return 'is not a field of the procedure\u2019s form';
  if (inRepeat) return 'is inside a repeated group (only the household list fills those)';
  if (field.kind !== FIELD_KIND_OF_FACT[fact]) return `is of kind ${field.kind}; ${fact} fills fields of kind ${FIELD_KIND_OF_FACT[fact]}`;
  return undefined;
}

export function checkPrefill(file: PrefillFile, catalog: Catalog): PrefillMappings | PrefillProblem {
  const mappings = new Map<string, ProcedurePrefill>();
  for (const [procedureId, declared] of Object.entries(file.procedures)) {
    const procedure = catalog.get(procedureId)?.procedure;
    if (!procedure) return { path: ['procedures', procedureId], message: 'is not a procedure of the catalog' };
    const prefill: ProcedurePrefill = { fields: [] };
    for (const [pointer, fact] of Object.entries(declared.fields)) {
      const segments = fromPointer(pointer);
      const found = fieldAt(procedure.form.fields, segments);
      const problem = fieldProblem(found?.field, found?.inRepeat ?? false, fact);
      if (problem) return { path: ['procedures', procedureId, 'fields', pointer], message: `${pointer} ${problem}` };
      prefill.fields.push({ pointer, segments, fact });
    }
    if (declared.household) {
      const { pointer } = declared.household;
      const segments = fromPointer(pointer);
      const found = fieldAt(procedure.form.fields, segments);
      const where = ['procedures', procedureId, 'household', 'pointer'];
      if (!found) return { path: where, message: `${pointer} is not a field of the procedure\u2019s form` };
      if (found.inRepeat || found.field.kind !== 'group' || !found.field.repeat) return { path: where, message: `${pointer} is not a repeated group outside other repeated groups` };
      const group: GroupField = found.field;
      const memberFields: Array<{ name: string; fact: PersonFact }> = [];
      for (const [name, fact] of Object.entries(declared.household.fields)) {
        const problem = fieldProblem(group.fields.find((field) => field.name === name), false, fact);
        if (problem) return { path: ['procedures', procedureId, 'household', 'fields', name], message: `${name} ${problem}` };
        memberFields.push({ name, fact });
      }
      prefill.household = { pointer, segments, maxMembers: group.repeat!.max, fields: memberFields };
    }
    mappings.set(procedureId, prefill);
  }
  return mappings;
}
