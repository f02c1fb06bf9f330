/**
 * Applies a compiled mapping to an application's data. Pure and synchronous:
 * it reads the input through JSON Pointers, applies named transforms and
 * builds a new record; it never evaluates anything from the mapping file.
 *
 * Value rules: a missing or `null` input takes the field's `default`; a
 * `required` field without a value is an error; an optional field without
 * a value is left out of the record, unless its default is `null`, which
 * writes `null` (for records that say "unknown" explicitly, e.g. a 不詳
 * birth date). Transforms run on present, non-null values only, after the
 * default. Constants are written as they are, then transformed.
 *
 * Prototype safety: input is read through own properties only, and `to`
 * paths were refused at load when they hold `__proto__`, `constructor` or
 * `prototype`, so plain (fast) objects are safe for the records built here.
 */
import { InputError } from '../errors.js';
import type { InputIssue } from '../errors.js';
import { appendPointer, formatPointer, readPointer } from './json-pointer.js';
import type { CompiledField, CompiledMapping, MappingInput } from './mapping.js';
import { TransformValueError } from './transforms/transform.js';

/** Maps the input to the record. Throws InputError listing every missing or untransformable value. */
export function applyMapping(mapping: CompiledMapping, input: MappingInput): Record<string, unknown> {
  const document = { form: input.form, steps: input.steps, application: input.application };
  const record: Record<string, unknown> = {};
  const issues: InputIssue[] = [];

  for (const field of mapping.fields) {
    mapField(field, document, '', record, '/record', issues);
  }
  for (const group of mapping.repeat) {
    const list = readPointer(document, group.eachTokens);
    const elements = Array.isArray(list) ? list : list === undefined || list === null ? [] : undefined;
    if (elements === undefined) {
      issues.push({ pointer: group.each, code: 'not-a-list', message: 'expected a list' });
      continue;
    }
    if (elements.length < group.min) {
      issues.push({ pointer: group.each, code: 'too-few-items', message: `at least ${group.min} item(s) required` });
      continue;
    }
    const target = elements.map((element, index) => {
      const out: Record<string, unknown> = {};
      const base = appendPointer(group.each, index);
      const recordBase = `/record${group.to}/${index}`;
      for (const field of group.fields) mapField(field, element, base, out, recordBase, issues);
      return out;
    });
    assign(record, group.toTokens, target);
  }
  if (issues.length > 0) {
    throw new InputError('mapping-input-invalid', `${mapping.system}/${mapping.procedure}: ${issues.length} value(s) missing or invalid for the ${mapping.operation} record`, issues);
  }
  return record;
}

function mapField(
  field: CompiledField,
  document: unknown,
  base: string,
  record: Record<string, unknown>,
  recordBase: string,
  issues: InputIssue[],
): void {
  let value: unknown;
  let sourcePointer: string | undefined;
  if (field.source.kind === 'const') {
    value = field.source.value;
  } else {
    sourcePointer = base === '' ? field.source.pointer : base + formatPointer(field.source.tokens);
    value = readPointer(document, field.source.tokens);
    if ((value === undefined || value === null) && 'default' in field.source) value = field.source.default;
    if (value === undefined || (value === null && !('default' in field.source))) {
      if (field.source.required) issues.push({ pointer: sourcePointer, code: 'required', message: 'a value is required' });
      return;
    }
  }
  if (value === null) {
    // An explicit `default: null`: the record says "no value" rather than leaving the field out.
    assign(record, field.toTokens, null);
    return;
  }
  for (const step of field.transforms) {
    try {
      value = step.transform.apply(value, step.args);
    } catch (error) {
      if (!(error instanceof TransformValueError)) throw error;
      issues.push({ pointer: sourcePointer ?? recordBase + field.to, code: error.code, message: `${step.name}: ${error.message}` });
      return;
    }
  }
  assign(record, field.toTokens, value);
}

function assign(target: Record<string, unknown>, tokens: readonly string[], value: unknown): void {
  let current = target;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    let next = Object.prototype.hasOwnProperty.call(current, token) ? current[token] : undefined;
    if (next === undefined) {
      next = {};
      current[token] = next;
    }
    current = next as Record<string, unknown>;
  }
  current[tokens[tokens.length - 1]!] = value;
}
