/**
 * RFC 6901 JSON Pointers: parsing (with the `~0` / `~1` escapes), formatting
 * and safe reads over plain data.
 */

/** Segments that would reach an object's prototype when used as keys. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits a pointer into unescaped reference tokens. Throws SyntaxError when it is not a pointer. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError('a JSON Pointer starts with "/"');
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) throw new SyntaxError('"~" must be followed by 0 or 1 in a JSON Pointer');
      return token.replaceAll('~1', '/').replaceAll('~0', '~');
    });
}

/** Escapes one reference token. */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds a pointer from unescaped tokens. */
export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${escapeToken(String(token))}`).join('');
}

/** Joins a pointer and further tokens. */
export function appendPointer(pointer: string, ...tokens: (string | number)[]): string {
  return pointer + formatPointer(tokens);
}

/**
 * Reads the value a pointer designates, or `undefined` when any step is
 * missing. Only own properties are followed, so `__proto__` and friends never
 * reach a prototype; array steps must be canonical indexes.
 */
export function readPointer(document: unknown, tokens: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
