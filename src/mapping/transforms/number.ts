/**
 * Number transforms. `number.sum` adds up the numeric members of an object
 * or the items of a list (扶養親族 counts by kind → 扶養親族数), so a mapping
 * can total a breakdown without an expression language.
 */
import { TransformValueError, simple } from './transform.js';
import type { Transform } from './transform.js';

function sum(value: unknown): number {
  const items = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : undefined;
  if (items === undefined) throw new TransformValueError('not-a-collection', 'expected an object or a list of numbers');
  let total = 0;
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new TransformValueError('not-a-number', 'expected numbers only');
    total += item;
  }
  if (Math.abs(total) > Number.MAX_SAFE_INTEGER) throw new TransformValueError('too-large', 'the sum is too large');
  return total;
}

export const numberTransforms: Record<string, Transform> = {
  'number.sum': simple(sum),
};
