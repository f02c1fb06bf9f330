import type { z } from 'zod';
import type { InputIssue } from '../errors.js';

function escape(segment: PropertyKey): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

const CODES: Record<string, string> = {
  invalid_type: 'invalid-type',
  too_big: 'too-long',
  too_small: 'too-short',
  invalid_format: 'invalid-format',
  invalid_value: 'not-in-list',
  unrecognized_keys: 'unknown-field',
};

/** zod issues as JSON-Pointer input issues below `base`; unknown keys get one issue each. */
export function issuesFromZod(error: z.ZodError, base: string): InputIssue[] {
  return error.issues.flatMap((issue): InputIssue[] => {
    const pointer = base + issue.path.map((segment) => `/${escape(segment)}`).join('');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: `${pointer}/${escape(key)}`, code: 'unknown-field', message: 'Not a field of this object.' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return [{ pointer, code: 'required', message: 'Required.' }];
    return [{ pointer, code: CODES[issue.code] ?? 'invalid', message: issue.message }];
  });
}
