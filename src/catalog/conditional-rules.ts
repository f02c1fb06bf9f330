/**
 * `requiredWhen` rules: an optional field becomes required while another
 * field has a given value (the members list when the scope is "selected
 * members"). They are checked on the submitted form beside the zod schema,
 * because they look across groups.
 */
import type { InputIssue } from '../errors.js';
import type { FieldDefinition, FormDefinition } from './form-definition.js';
import { fromPointer, toPointer } from './json-pointer.js';

/** One compiled rule. */
export interface ConditionalRule {
  target: string[];
  condition: string[];
  equals: string | number | boolean;
  conditionLabel: string;
}

/** Collects the rules of a form (fields inside repeated groups have none; the loader refuses them). */
export function collectConditionalRules(form: FormDefinition): ConditionalRule[] {
  const rules: ConditionalRule[] = [];
  const labels = new Map<string, string>();
  const visitLabels = (fields: FieldDefinition[], path: string[]): void => {
    for (const field of fields) {
      labels.set(toPointer([...path, field.name]), field.label.en);
      if (field.kind === 'group' && !field.repeat) visitLabels(field.fields, [...path, field.name]);
    }
  };
  visitLabels(form.fields, []);
  const visit = (fields: FieldDefinition[], path: string[]): void => {
    for (const field of fields) {
      const target = [...path, field.name];
      if (field.requiredWhen) {
        rules.push({
          target,
          condition: fromPointer(field.requiredWhen.field),
          equals: field.requiredWhen.equals,
          conditionLabel: labels.get(field.requiredWhen.field) ?? field.requiredWhen.field,
        });
      }
      if (field.kind === 'group' && !field.repeat) visit(field.fields, target);
    }
  };
  visit(form.fields, []);
  return rules;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** `required` issues (absolute `/form` pointers) for rules whose condition holds and whose field is empty. */
export function checkConditionalRules(rules: readonly ConditionalRule[], input: unknown): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const rule of rules) {
    if (valueAt(input, rule.condition) === rule.equals && isEmpty(valueAt(input, rule.target))) {
      issues.push({ pointer: toPointer(['form', ...rule.target]), code: 'required', message: `is required for this choice of ${rule.conditionLabel}` });
    }
  }
  return issues;
}
