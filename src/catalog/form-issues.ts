import type { z } from 'zod';
import type { InputIssue } from '../errors.js';
import { toPointer } from './json-pointer.js';

/** Most issues reported for one form; a hostile form cannot make the answer large. */
export const MAX_FORM_ISSUES = 100;

/** Where form issues point: the form sits at `/form` in the submission body. */
const FORM_PREFIX = ['form'];

function hasOwn(value: unknown, key: PropertyKey): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);
}

/** true when the value at `path` inside `input` was not given at all (its parent lacks the key). */
function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return input === undefined;
  let parent: unknown = input;
  for (const key of path.slice(0, -1)) {
    if (!hasOwn(parent, key)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  // An array slot is never "not given": a hole in an array is a value of the wrong type.
  return !Array.isArray(parent) && !hasOwn(parent, path[path.length - 1]!);
}

function issueAt(path: readonly PropertyKey[], code: string, message: string): InputIssue {
  return { pointer: toPointer([...FORM_PREFIX, ...path.map((key) => (typeof key === 'symbol' ? key.toString() : key))]), code, message };
}

/**
 * Turns zod issues of a compiled form schema into input issues with absolute
 * pointers (`/form/...`) and the catalog's stable codes. Messages come from
 * the rules, never from the value.
 */
export function toFormIssues(issues: readonly z.core.$ZodIssue[], input: unknown): InputIssue[] {
  const result: InputIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'custom' && typeof issue.params?.code === 'string') {
      result.push(issueAt(issue.path, issue.params.code, issue.message));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) result.push(issueAt([...issue.path, key], 'unknown-field', 'is not a field of this form'));
    } else if (issue.code === 'invalid_type') {
      result.push(
        isMissing(input, issue.path)
          ? issueAt(issue.path, 'required', 'is required')
          : issueAt(issue.path, 'invalid-type', issue.expected === 'array' ? 'must be a list' : 'must be an object'),
      );
    } else {
      result.push(issueAt(issue.path, 'invalid-format', 'does not have the expected format'));
    }
    if (result.length >= MAX_FORM_ISSUES) return result.slice(0, MAX_FORM_ISSUES);
  }
  return result;
}
