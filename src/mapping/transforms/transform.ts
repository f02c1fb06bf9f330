/**
 * The shape of a named transform. Transforms are pure functions of the value
 * and their arguments; arguments are checked once, when mappings are loaded.
 */

/** Arguments given in a mapping entry (`{ name: 'pad.left', args: { width: 8, char: '0' } }`). */
export type TransformArgs = Readonly<Record<string, unknown>>;

/** A named transform. */
export interface Transform {
  /** Checks the arguments; returns what is wrong with them, or undefined when they are fine. */
  checkArgs(args: TransformArgs): string | undefined;
  /** Transforms a present value (never called with `undefined`). */
  apply(value: unknown, args: TransformArgs): unknown;
}

/**
 * Thrown by a transform when the value cannot be transformed. The engine turns
 * it into an InputError located at the mapping's source. The message never
 * contains the value.
 */
export class TransformValueError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'TransformValueError';
    this.code = code;
  }
}

/** Checks that only the listed argument names are present. */
export function onlyArgs(args: TransformArgs, allowed: readonly string[]): string | undefined {
  const unknown = Object.keys(args).filter((key) => !allowed.includes(key));
  return unknown.length > 0 ? `unknown argument(s): ${unknown.join(', ')}` : undefined;
}

/** A transform without arguments. */
export function simple(apply: (value: unknown) => unknown): Transform {
  return { checkArgs: (args) => onlyArgs(args, []), apply: (value) => apply(value) };
}

/** The value as a string, or a TransformValueError. */
export function expectString(value: unknown): string {
  if (typeof value !== 'string') throw new TransformValueError('not-text', 'expected text');
  return value;
}
