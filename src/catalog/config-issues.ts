import type { z } from 'zod';

/** A configuration problem with the path inside the file. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)/;

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  let parent: unknown = data;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null || !Object.prototype.hasOwnProperty.call(parent, key)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  const last = path[path.length - 1];
  return last !== undefined && typeof parent === 'object' && parent !== null && !Object.prototype.hasOwnProperty.call(parent, last);
}

/** Describes a zod issue of the procedure-file schema in words a catalog author can act on. */
export function describeConfigIssue(issue: z.core.$ZodIssue, data: unknown): ConfigIssue {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  switch (issue.code) {
    case 'unrecognized_keys':
      return { path: [...path, issue.keys[0] ?? ''], message: `unknown key (allowed keys are fixed by the procedure schema)` };
    case 'invalid_union': {
      const { note, options = [] } = issue as { note?: string; options?: unknown[] };
      if (note !== 'No matching discriminator') return { path, message: 'does not match any allowed form' };
      const expected = `expected one of ${options.join(', ')}`;
      return { path, message: isMissing(data, path) ? `required: ${expected}` : `unknown kind; ${expected}` };
    }
    case 'invalid_type': {
      const base = ZOD_DEFAULT_MESSAGE.test(issue.message) ? `expected ${article(issue.expected)}` : issue.message;
      return { path, message: isMissing(data, path) ? `required: ${base}` : base };
    }
    default:
      return { path, message: ZOD_DEFAULT_MESSAGE.test(issue.message) ? issue.message.replace(/^Invalid input: /, '') : issue.message };
  }
}
