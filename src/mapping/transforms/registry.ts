/**
 * The one registry of named transforms that mapping files may use. It is
 * built from configuration (the era table) at boot and frozen; names are
 * looked up as own properties only.
 */
import { EraTable } from '../../jp/era.js';
import { codeTransforms } from './code.js';
import { createDateTransforms } from './date.js';
import { kanaTransforms } from './kana.js';
import { numberTransforms } from './number.js';
import { padTransforms } from './pad.js';
import { textTransforms } from './text.js';
import type { Transform } from './transform.js';
import { widthTransforms } from './width.js';

/** Transforms by name (`kana.toHalfWidth`, `date.isoToEra` …). */
export type TransformRegistry = Readonly<Record<string, Transform>>;

/** Builds the registry; `eraTable` is the configured era table (default: 明治 … 令和). */
export function createTransformRegistry(options: { eraTable?: EraTable } = {}): TransformRegistry {
  const registry: Record<string, Transform> = Object.create(null);
  Object.assign(registry, kanaTransforms, widthTransforms, textTransforms, padTransforms, numberTransforms, codeTransforms, createDateTransforms(options.eraTable ?? new EraTable()));
  return Object.freeze(registry);
}
