import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.js';

/** The SHA-256 (hex) of a request body's canonical form: equal for the same JSON however its keys are ordered. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
