/**
 * Applies a procedure's charset policy to a mapped record before it is
 * encoded for a CP932 system: `reject` raises an InputError naming the field
 * and the code point, `degrade` substitutes by the configured table and
 * reports what changed (for the timeline), `hold` hands the record back to
 * staff with the list of characters. Values are never quoted, only code points.
 */
import type { CharsetPolicy } from '../catalog/procedure.js';
import { ConfigurationError, InputError } from '../errors.js';
import type { InputIssue } from '../errors.js';
import { appendPointer } from '../mapping/json-pointer.js';
import { formatCodePoint } from './code-point.js';
import { encodeCp932 } from './cp932.js';
import type { Cp932Options, UnmappableCharacter } from './cp932.js';
import { degradeText } from './degrade.js';
import type { CharacterChange, DegradeTable } from './degrade.js';

export type { CharsetPolicy };

/** Deepest nesting of a record; mapped records are far shallower. */
export const MAX_RECORD_DEPTH = 32;

/** A character that cannot be sent, located by a JSON Pointer. */
export interface FieldUnmappable {
  pointer: string;
  index: number;
  /** `U+XXXX`. */
  codePoint: string;
}

/** A substitution made under `degrade`, located by a JSON Pointer. */
export interface FieldChange extends CharacterChange {
  pointer: string;
}

/** What became of the record. */
export type CharsetOutcome =
  | { kind: 'ready'; record: Record<string, unknown>; changes: FieldChange[] }
  /** `hold`, or `degrade` with characters the table does not cover: staff must decide. */
  | { kind: 'hold'; unmappable: FieldUnmappable[]; changes: FieldChange[] };

/** Options of {@link enforceCharsetPolicy}. */
export interface CharsetPolicyOptions {
  policy: CharsetPolicy;
  /** Required for `degrade`. */
  degrade?: DegradeTable;
  encoding?: Cp932Options;
  /** Pointer of the record itself in messages, default `/record`. */
  recordPointer?: string;
}

/**
 * Checks every string in the record against CP932 and applies the policy.
 * Throws InputError (`unmappable-character`) under `reject`.
 */
export function enforceCharsetPolicy(record: Record<string, unknown>, options: CharsetPolicyOptions): CharsetOutcome {
  if (options.policy === 'degrade' && !options.degrade) throw new ConfigurationError('the degrade charset policy needs a degrade table');
  const unmappable: FieldUnmappable[] = [];
  const changes: FieldChange[] = [];

  const visit = (value: unknown, pointer: string, depth: number): unknown => {
    if (depth > MAX_RECORD_DEPTH) throw new InputError('record-too-deep', `records are at most ${MAX_RECORD_DEPTH} levels deep`, [{ pointer, code: 'too-deep', message: 'nested too deeply' }]);
    if (typeof value === 'string') {
      if (options.degrade && options.policy === 'degrade') {
        const result = degradeText(value, options.degrade, options.encoding);
        for (const change of result.changes) changes.push({ ...change, pointer });
        collect(result.unmappable, pointer);
        if (result.unmappable.length === 0 && result.changes.length > 0) {
          // A replacement valid for full CP932 may still be outside a narrower repertoire.
          const check = encodeCp932(result.text, options.encoding);
          if ('unmappable' in check) collect(check.unmappable, pointer);
        }
        return result.text;
      }
      const encoded = encodeCp932(value, options.encoding);
      if ('unmappable' in encoded) collect(encoded.unmappable, pointer);
      return value;
    }
    if (Array.isArray(value)) return value.map((item, i) => visit(item, appendPointer(pointer, i), depth + 1));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = Object.create(null);
      for (const [key, item] of Object.entries(value)) copy[key] = visit(item, appendPointer(pointer, key), depth + 1);
      return copy;
    }
    return value;
  };
  const collect = (found: UnmappableCharacter[], pointer: string): void => {
    for (const item of found) unmappable.push({ pointer, index: item.index, codePoint: formatCodePoint(item.codePoint) });
  };

  const result = visit(record, options.recordPointer ?? '/record', 0) as Record<string, unknown>;
  if (unmappable.length === 0) return { kind: 'ready', record: result, changes };
  if (options.policy === 'reject') throw rejection(unmappable);
  return { kind: 'hold', unmappable, changes };
}

function rejection(unmappable: FieldUnmappable[]): InputError {
  const issues: InputIssue[] = unmappable.map((item) => ({
    pointer: item.pointer,
    code: 'unmappable-character',
    message: `character ${item.codePoint} cannot be sent to the receiving system`,
  }));
  return new InputError(
    'unmappable-character',
    `${unmappable.length} character(s) cannot be encoded in the receiving system's character set`,
    issues,
  );
}
