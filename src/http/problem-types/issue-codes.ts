/**
 * The fixed lists of `errors[].code` values that problem types share. Each
 * follows the code that produces the issues; the registry test checks that
 * every value still occurs there.
 */

/** Issues of a request body checked against its schema (`issuesFromZod` in src/intake/zod-issues.ts). */
export const BODY_SHAPE_ISSUE_CODES = ['required', 'invalid-type', 'too-long', 'too-short', 'invalid-format', 'not-in-list', 'unknown-field', 'invalid'];

/** Issues of a form checked against its procedure's form definition (src/catalog, listed in its README). */
export const FORM_ISSUE_CODES = [
  'required',
  'too-long',
  'invalid-type',
  'invalid-date',
  'invalid-check-digit',
  'not-in-list',
  'out-of-range',
  'invalid-format',
  'unknown-field',
  'invalid-character',
];
