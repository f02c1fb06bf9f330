/**
 * Checks a schema-valid procedure for what a schema cannot see: pointers
 * that must lead to fields of the right kind, route consistency, form limits.
 */
import { checkFormDefinition, resolveFieldPointer, type DefinitionProblem } from './check-form-definition.js';
import { isValidDateBound } from './date-bound.js';
import type { FieldDefinition, FieldKind, FormDefinition } from './form-definition.js';
import { fromPointer } from './json-pointer.js';
import type { Procedure } from './procedure.js';
import { wardByCode } from '../reviews/osaka-wards.js';

const SYSTEM_ACTIONS = new Set(['request', 'send', 'await-reply']);

function checkPointer(
  form: FormDefinition,
  pointer: string,
  path: (string | number)[],
  kinds: readonly FieldKind[],
  options: { required?: boolean } = {},
): { field: FieldDefinition } | DefinitionProblem {
  const resolved = resolveFieldPointer(form, fromPointer(pointer));
  if (!resolved) return { path, message: `${pointer} is not a field of the form` };
  if (resolved.insideRepeat) return { path, message: `${pointer} is inside a repeated group; it must lead to a single value` };
  if (!kinds.includes(resolved.field.kind)) return { path, message: `${pointer} must be a field of kind ${kinds.join(' or ')}` };
  if (options.required && !(resolved.field.required && resolved.groupsRequired)) {
    return { path, message: `${pointer} must be a required field in required groups` };
  }
  return { field: resolved.field };
}

function isProblem(result: { field: FieldDefinition } | DefinitionProblem): result is DefinitionProblem {
  return 'message' in result;
}

function checkIdentity(procedure: Procedure): DefinitionProblem | undefined {
  if (procedure.identity.kind !== 'jpki') return undefined;
  const { applicant } = procedure.identity;
  const facts: [keyof typeof applicant, FieldKind][] = [
    ['name', 'text'],
    ['birthDate', 'date'],
    ['address', 'address'],
    ['gender', 'code'],
  ];
  for (const [fact, kind] of facts) {
    const pointer = applicant[fact];
    if (pointer === undefined) continue;
    const result = checkPointer(procedure.form, pointer, ['identity', 'applicant', fact], [kind], { required: true });
    if (isProblem(result)) return result;
  }
  return undefined;
}

function checkFee(procedure: Procedure): DefinitionProblem | undefined {
  const { fee } = procedure;
  if (fee.kind === 'per-copy') {
    const result = checkPointer(procedure.form, fee.copies, ['fee', 'copies'], ['integer'], { required: true });
    if (isProblem(result)) return result;
    if (result.field.kind === 'integer' && (result.field.min === undefined || result.field.min < 1 || result.field.max === undefined)) {
      return { path: ['fee', 'copies'], message: `${fee.copies} must have min of at least 1 and a max` };
    }
  }
  for (const [index, exemption] of procedure.feeExemptions.entries()) {
    const path = ['feeExemptions', index, 'pointer'];
    const result = checkPointer(procedure.form, exemption.pointer, path, ['code', 'boolean', 'integer', 'text']);
    if (isProblem(result)) return result;
    const problem = checkComparable(result.field, exemption.pointer, exemption.equals, ['feeExemptions', index, 'equals']);
    if (problem) return problem;
  }
  return undefined;
}

/** A value compared with a field must be of the field's type, and one of its codes for a code field. */
function checkComparable(field: FieldDefinition, pointer: string, equals: string | number | boolean, path: (string | number)[]): DefinitionProblem | undefined {
  const expected = field.kind === 'boolean' ? 'boolean' : field.kind === 'integer' ? 'number' : 'string';
  if (typeof equals !== expected) return { path, message: `expected a ${expected}, the type of ${pointer}` };
  if (field.kind === 'code' && !field.options.some((option) => option.value === equals)) {
    return { path, message: `expected one of the codes of ${pointer}` };
  }
  return undefined;
}

function checkRoute(procedure: Procedure): DefinitionProblem | undefined {
  const names = new Set<string>();
  for (const [index, step] of procedure.route.entries()) {
    const path = ['route', index];
    if (names.has(step.name)) return { path: [...path, 'name'], message: `duplicate step name ${step.name}` };
    names.add(step.name);
    if (SYSTEM_ACTIONS.has(step.action) && step.system === undefined) return { path: [...path, 'system'], message: `a ${step.action} step must name a system` };
    if (!SYSTEM_ACTIONS.has(step.action) && step.system !== undefined) {
      return { path: [...path, 'system'], message: `a ${step.action} step is built in and names no system` };
    }
    if (step.action === 'await-reply' && step.deadline === undefined) {
      return { path: [...path, 'deadline'], message: 'an await-reply step needs an ISO-8601 duration deadline' };
    }
    if (step.action !== 'await-reply' && step.action !== 'review' && step.deadline !== undefined) {
      return { path: [...path, 'deadline'], message: 'only await-reply and review steps have a deadline' };
    }
    const reviewProblem = checkReviewStep(procedure, step, path);
    if (reviewProblem) return reviewProblem;
    if (step.action === 'convenience-store' && !procedure.issuanceMethods.includes('convenience-store')) {
      return { path: [...path, 'action'], message: 'a convenience-store step needs convenience-store among the issuance methods' };
    }
  }
  const issues = procedure.route.some((step) => step.action === 'issue-certificate');
  if (issues && procedure.issuanceMethods.length === 0) {
    return { path: ['issuanceMethods'], message: 'a route that issues a certificate needs at least one issuance method' };
  }
  if (!issues && procedure.issuanceMethods.length > 0) {
    return { path: ['issuanceMethods'], message: 'issuance methods need an issue-certificate step in the route' };
  }
  return undefined;
}

/** A review step names a ward of the city (fixed, or from an address field); other steps name none. */
function checkReviewStep(procedure: Procedure, step: Procedure['route'][number], path: (string | number)[]): DefinitionProblem | undefined {
  if (step.action !== 'review') {
    if (step.ward !== undefined) return { path: [...path, 'ward'], message: 'only review steps name a ward' };
    if (step.approvals !== undefined) return { path: [...path, 'approvals'], message: 'only review steps need approvals' };
    return undefined;
  }
  if (step.ward === undefined) return { path: [...path, 'ward'], message: 'a review step names the ward whose staff decide' };
  const code = 'fixed' in step.ward ? step.ward.fixed : step.ward.otherwise;
  if (!wardByCode(code)) return { path: [...path, 'ward', 'fixed' in step.ward ? 'fixed' : 'otherwise'], message: `${code} is not the code of one of the city's 24 wards` };
  if ('from' in step.ward) {
    const result = checkPointer(procedure.form, step.ward.from, [...path, 'ward', 'from'], ['address', 'text'], { required: true });
    if (isProblem(result)) return result;
  }
  return undefined;
}

// The walks below build a field's path only for a problem or a group, not
// for each of the ~100,000 fields of a 1,500-procedure catalog.

function checkDateBounds(fields: FieldDefinition[], path: (string | number)[]): DefinitionProblem | undefined {
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field.kind === 'date') {
      for (const bound of ['min', 'max'] as const) {
        const value = field[bound];
        if (value !== undefined && !isValidDateBound(value)) return { path: [...path, 'fields', index, bound], message: 'expected a date in the calendar' };
      }
      if (field.min && field.max && !field.min.startsWith('today') && !field.max.startsWith('today') && field.min > field.max) {
        return { path: [...path, 'fields', index, 'min'], message: 'min must not be after max' };
      }
    }
    if (field.kind === 'group') {
      const problem = checkDateBounds(field.fields, [...path, 'fields', index]);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkRequiredWhen(form: FormDefinition, fields: FieldDefinition[], path: (string | number)[], insideRepeat: boolean): DefinitionProblem | undefined {
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field.requiredWhen) {
      const rulePath = [...path, 'fields', index, 'requiredWhen'];
      if (insideRepeat) return { path: rulePath, message: 'fields inside a repeated group cannot have requiredWhen' };
      if (field.required) return { path: rulePath, message: 'a required field needs no requiredWhen' };
      const result = checkPointer(form, field.requiredWhen.field, [...rulePath, 'field'], ['code', 'boolean', 'integer', 'text']);
      if (isProblem(result)) return result;
      const problem = checkComparable(result.field, field.requiredWhen.field, field.requiredWhen.equals, [...rulePath, 'equals']);
      if (problem) return problem;
    }
    if (field.kind === 'group') {
      const problem = checkRequiredWhen(form, field.fields, [...path, 'fields', index], insideRepeat || field.repeat !== undefined);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The first cross-reference problem of a procedure, or undefined when it is consistent. */
export function checkProcedure(procedure: Procedure): DefinitionProblem | undefined {
  return (
    checkFormDefinition(procedure.form) ??
    checkDateBounds(procedure.form.fields, ['form']) ??
    checkRequiredWhen(procedure.form, procedure.form.fields, ['form'], false) ??
    checkIdentity(procedure) ??
    checkFee(procedure) ??
    checkRoute(procedure)
  );
}
