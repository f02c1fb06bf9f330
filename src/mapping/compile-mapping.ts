/**
 * Checks one parsed mapping document and resolves its transforms. Every
 * problem is a ConfigurationError naming the file and the path inside it,
 * so a broken mapping stops the start instead of failing an application later.
 */
import { ConfigurationError } from '../errors.js';
import { FORBIDDEN_SEGMENTS, formatPointer, parsePointer } from './json-pointer.js';
import { APPLICATION_FACTS } from './mapping.js';
import type { CompiledField, CompiledMapping, CompiledRepeat, CompiledTransform, ProcedureShape, ProcedureShapes } from './mapping.js';
import type { TransformRegistry } from './transforms/registry.js';

/** What compiling needs: the procedures of the catalog and the transform registry. */
export interface MappingContext {
  procedures: ProcedureShapes;
  transforms: TransformRegistry;
}

/** Most fields in one mapping (fields and repeated fields together). */
export const MAX_MAPPING_FIELDS = 500;
/** Most transforms on one field. */
export const MAX_TRANSFORMS_PER_FIELD = 10;
/** Deepest `to`/`from` pointer. */
export const MAX_POINTER_DEPTH = 16;

const TOP_KEYS = new Set(['system', 'procedure', 'operation', 'fields', 'repeat']);
const FIELD_KEYS = new Set(['to', 'from', 'const', 'default', 'required', 'transform']);
const REPEAT_KEYS = new Set(['each', 'to', 'min', 'fields']);
const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Compiles one mapping document read from `file`. */
export function compileMapping(document: unknown, file: string, context: MappingContext): CompiledMapping {
  const fail = (path: string, detail: string): never => {
    throw new ConfigurationError(detail, { file, path });
  };
  if (!isPlainObject(document)) return fail('', 'a mapping file holds one mapping object');
  for (const key of Object.keys(document)) if (!TOP_KEYS.has(key)) fail(`/${key}`, `unknown key ${key}`);
  const { system, procedure, operation } = document;
  if (typeof system !== 'string' || !ID.test(system)) fail('/system', 'system must be a kebab-case id');
  if (typeof procedure !== 'string' || !ID.test(procedure)) fail('/procedure', 'procedure must be a kebab-case id');
  if (typeof operation !== 'string' || !ID.test(operation)) fail('/operation', 'operation must be a kebab-case id');
  const shape = context.procedures.get(procedure as string);
  if (!shape) fail('/procedure', `unknown procedure ${procedure as string}`);

  const fieldList = document.fields ?? [];
  const repeatList = document.repeat ?? [];
  if (!Array.isArray(fieldList)) fail('/fields', 'fields must be a list');
  if (!Array.isArray(repeatList)) fail('/repeat', 'repeat must be a list');
  let total = (fieldList as unknown[]).length;

  const targets = new TargetSet(fail);
  const fields = (fieldList as unknown[]).map((entry, i) => {
    const field = compileField(entry, `/fields/${i}`, { fail, context, shape: shape!, element: undefined });
    targets.add(field.toTokens, `${field.path}/to`);
    return field;
  });
  const repeat = (repeatList as unknown[]).map((entry, i): CompiledRepeat => {
    const path = `/repeat/${i}`;
    if (!isPlainObject(entry)) return fail(path, 'a repeat entry is an object');
    for (const key of Object.keys(entry)) if (!REPEAT_KEYS.has(key)) fail(`${path}/${key}`, `unknown key ${key}`);
    const each = sourcePointer(entry.each, `${path}/each`, fail, shape!, undefined);
    if (each.tokens[0] === 'application') fail(`${path}/each`, 'each must point at a list in the form or a step result');
    const to = recordPointer(entry.to, `${path}/to`, fail, true);
    targets.add(to.tokens, `${path}/to`);
    const min = entry.min ?? 0;
    if (!Number.isInteger(min) || (min as number) < 0) fail(`${path}/min`, 'min must be a non-negative integer');
    if (!Array.isArray(entry.fields) || entry.fields.length === 0) return fail(`${path}/fields`, 'fields must be a non-empty list');
    total += entry.fields.length;
    const elementTargets = new TargetSet(fail);
    const elementFields = entry.fields.map((item: unknown, j: number) => {
      const field = compileField(item, `${path}/fields/${j}`, { fail, context, shape: shape!, element: each.pointer });
      elementTargets.add(field.toTokens, `${field.path}/to`);
      return field;
    });
    return { each: each.pointer, eachTokens: each.tokens, to: to.pointer, toTokens: to.tokens, min: min as number, fields: elementFields, path };
  });
  if (total > MAX_MAPPING_FIELDS) fail('/fields', `more than ${MAX_MAPPING_FIELDS} fields`);
  if (fields.length === 0 && repeat.length === 0) fail('/fields', 'a mapping maps at least one field');
  return { file, system: system as string, procedure: procedure as string, operation: operation as string, fields, repeat };
}

interface FieldContext {
  fail: (path: string, detail: string) => never;
  context: MappingContext;
  shape: ProcedureShape;
  /** The `each` pointer when the field belongs to a repeated group. */
  element: string | undefined;
}

function compileField(entry: unknown, path: string, { fail, context, shape, element }: FieldContext): CompiledField {
  if (!isPlainObject(entry)) return fail(path, 'a field entry is an object');
  for (const key of Object.keys(entry)) if (!FIELD_KEYS.has(key)) fail(`${path}/${key}`, `unknown key ${key}`);
  const to = element === undefined ? recordPointer(entry.to, `${path}/to`, fail, true) : recordPointer(entry.to, `${path}/to`, fail, false);
  const hasFrom = 'from' in entry;
  const hasConst = 'const' in entry;
  if (hasFrom === hasConst) fail(path, 'a field has either from or const');
  if (hasConst && ('default' in entry || 'required' in entry)) fail(path, 'default and required go with from, not const');
  if (entry.required !== undefined && typeof entry.required !== 'boolean') fail(`${path}/required`, 'required must be true or false');
  for (const key of ['const', 'default'] as const) {
    if (key in entry && !isScalar(entry[key])) fail(`${path}/${key}`, `${key} must be a string, number, boolean or null`);
  }
  const transforms = compileTransforms(entry.transform, `${path}/transform`, fail, context);
  if (hasConst) return { to: to.pointer, toTokens: to.tokens, source: { kind: 'const', value: entry.const }, transforms, path };
  const from = sourcePointer(entry.from, `${path}/from`, fail, shape, element);
  const source = { kind: 'from' as const, pointer: from.pointer, tokens: from.tokens, required: entry.required === true, ...('default' in entry ? { default: entry.default } : {}) };
  return { to: to.pointer, toTokens: to.tokens, source, transforms, path };
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function parse(value: unknown, path: string, fail: (path: string, detail: string) => never): string[] {
  if (typeof value !== 'string') return fail(path, 'expected a JSON Pointer');
  let tokens: string[];
  try {
    tokens = parsePointer(value);
  } catch (error) {
    return fail(path, (error as Error).message);
  }
  if (tokens.length > MAX_POINTER_DEPTH + 2) fail(path, `pointers are at most ${MAX_POINTER_DEPTH} levels deep`);
  if (tokens.some((token) => token === '')) fail(path, 'empty pointer segment');
  return tokens;
}

/** A `to` pointer: under `/record` at top level, relative inside `repeat`; never into prototypes. */
function recordPointer(value: unknown, path: string, fail: (path: string, detail: string) => never, absolute: boolean): { pointer: string; tokens: string[] } {
  const tokens = parse(value, path, fail);
  if (absolute && (tokens[0] !== 'record' || tokens.length < 2)) fail(path, 'to must point inside /record');
  if (!absolute && tokens.length < 1) fail(path, 'to must name a member of the element');
  const inside = absolute ? tokens.slice(1) : tokens;
  const forbidden = inside.find((token) => FORBIDDEN_SEGMENTS.has(token));
  if (forbidden !== undefined) fail(path, `${forbidden} is not allowed in a record path`);
  return { pointer: formatPointer(inside), tokens: inside };
}

/** A `from` (or `each`) pointer: `/form/...` the form can produce, `/steps/<step>/result/...`, or `/application/<fact>`. */
function sourcePointer(
  value: unknown,
  path: string,
  fail: (path: string, detail: string) => never,
  shape: ProcedureShape,
  element: string | undefined,
): { pointer: string; tokens: string[] } {
  const tokens = parse(value, path, fail);
  const pointer = value as string;
  if (tokens.some((token) => FORBIDDEN_SEGMENTS.has(token))) fail(path, 'prototype names are not allowed in a path');
  if (element !== undefined) {
    // Relative to an element of `each`; only checkable when `each` is in the form.
    if (tokens.length === 0) fail(path, 'from must name a member of the element');
    if (element.startsWith('/form/')) checkForm(`${element.slice('/form'.length)}/-${pointer}`, path, fail, shape);
    return { pointer, tokens };
  }
  if (tokens[0] === 'form' && tokens.length >= 2) {
    checkForm(formatPointer(tokens.slice(1)), path, fail, shape);
    return { pointer, tokens };
  }
  if (tokens[0] === 'steps' && tokens.length >= 3 && tokens[2] === 'result') {
    if (shape.steps && !shape.steps.has(tokens[1]!)) fail(path, `the procedure has no step ${tokens[1]!}`);
    return { pointer, tokens };
  }
  if (tokens[0] === 'application') {
    if (tokens.length !== 2 || !APPLICATION_FACTS.has(tokens[1]!)) fail(path, `the application's facts are ${[...APPLICATION_FACTS].map((name) => `/application/${name}`).join(', ')}`);
    return { pointer, tokens };
  }
  return fail(path, 'from must start with /form/, /steps/<step>/result or /application/');
}

function checkForm(formPointer: string, path: string, fail: (path: string, detail: string) => never, shape: ProcedureShape): void {
  if (!shape.formPointers.has(formPointer)) fail(path, `the form has no field ${formPointer}`);
}

function compileTransforms(value: unknown, path: string, fail: (path: string, detail: string) => never, context: MappingContext): CompiledTransform[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_TRANSFORMS_PER_FIELD) fail(path, `at most ${MAX_TRANSFORMS_PER_FIELD} transforms`);
  return list.map((item: unknown, i): CompiledTransform => {
    const itemPath = Array.isArray(value) ? `${path}/${i}` : path;
    let name: unknown;
    let args: unknown = {};
    if (typeof item === 'string') {
      name = item;
    } else if (isPlainObject(item)) {
      for (const key of Object.keys(item)) if (key !== 'name' && key !== 'args') fail(`${itemPath}/${key}`, `unknown key ${key}`);
      name = item.name;
      args = item.args ?? {};
    } else {
      return fail(itemPath, 'a transform is a name or { name, args }');
    }
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(context.transforms, name)) {
      return fail(itemPath, `unknown transform ${typeof name === 'string' ? name : ''}`.trim());
    }
    if (!isPlainObject(args)) return fail(`${itemPath}/args`, 'args must be an object');
    const transform = context.transforms[name]!;
    const problem = transform.checkArgs(args);
    if (problem !== undefined) fail(`${itemPath}/args`, `${name}: ${problem}`);
    return { name, args: Object.freeze({ ...args }), transform };
  });
}

/** Refuses two fields writing the same place, or one writing inside another's value. */
class TargetSet {
  private readonly leaves = new Map<string, string>();
  private readonly prefixes = new Map<string, string>();
  constructor(private readonly fail: (path: string, detail: string) => never) {}

  add(tokens: string[], path: string): void {
    const key = formatPointer(tokens);
    const clash = this.leaves.get(key) ?? this.prefixes.get(key);
    if (clash !== undefined) this.fail(path, `${key} is also written by ${clash}`);
    for (let i = 1; i < tokens.length; i++) {
      const prefix = formatPointer(tokens.slice(0, i));
      const leaf = this.leaves.get(prefix);
      if (leaf !== undefined) this.fail(path, `${key} would write inside the value written by ${leaf}`);
      this.prefixes.set(prefix, path);
    }
    this.leaves.set(key, path);
  }
}
