import { createHash } from 'node:crypto';

/**
 * The JSON Canonicalization Scheme (RFC 8785) form of a value that came from
 * `parseStrictJson`: plain objects, arrays, strings, finite numbers, booleans
 * and null, with no lone surrogates. For that input JCS is exactly
 * `JSON.stringify` with every object's keys sorted by UTF-16 code units, which
 * is what `Array.prototype.sort` does; the general `canonicalize` package also
 * handles `toJSON`, `undefined`, cycles and lone surrogates, and costs twice
 * as much per submission.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index === 0 ? '' : ',') + canonicalJson(value[index]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
    first = false;
  }
  return `${text}}`;
}

/** The SHA-256 (hex) of a request body's canonical form: equal for the same JSON however its keys are ordered. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
