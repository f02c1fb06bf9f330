import { InputError } from '../errors.js';

/** Keys that could reach an object's prototype chain in careless code: refused everywhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function malformed(code: string, detail: string, pointer = ''): InputError {
  return new InputError(code, 'Malformed request body', detail, [{ pointer, code, message: detail }], { semantic: false });
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Parses a request body as strict JSON: valid UTF-8, one JSON value, nesting at most
 * `maxDepth`, no duplicate keys in an object, no `__proto__`/`constructor`/`prototype`
 * keys. A structural pre-scan enforces depth and keys before `JSON.parse` runs, so a
 * hostile body is refused in linear time without deep recursion.
 */
export function parseStrictJson(bytes: Uint8Array, maxDepth: number): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw malformed('invalid-utf8', 'The body is not valid UTF-8.');
  }
  scanStructure(text, maxDepth);
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('invalid-json', 'The body is not valid JSON.');
  }
}

interface Frame {
  kind: 'object' | 'array';
  keys: Set<string> | null;
  pointer: string;
  index: number;
  expectKey: boolean;
  lastKey: string;
}

function scanStructure(text: string, maxDepth: number): void {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      const end = endOfString(text, i);
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          throw malformed('invalid-json', 'The body is not valid JSON.');
        }
        const pointer = `${top.pointer}/${escapePointer(key)}`;
        if (FORBIDDEN_KEYS.has(key)) throw malformed('forbidden-key', `The key '${key}' is not allowed.`, pointer);
        if (top.keys!.has(key)) throw malformed('duplicate-key', 'A key appears twice in the same object.', pointer);
        top.keys!.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (stack.length >= maxDepth) throw malformed('too-deep', `The body nests deeper than ${maxDepth} levels.`, stack.at(-1)?.pointer ?? '');
      const parent = stack.at(-1);
      const pointer = parent ? childPointer(parent) : '';
      stack.push({ kind: char === 0x7b ? 'object' : 'array', keys: char === 0x7b ? new Set() : null, pointer, index: 0, expectKey: char === 0x7b, lastKey: '' });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
}

function childPointer(parent: Frame): string {
  return `${parent.pointer}/${parent.kind === 'array' ? parent.index : escapePointer(parent.lastKey)}`;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x5c /* \ */) i++;
    else if (char === 0x22) return i;
  }
  throw malformed('invalid-json', 'The body is not valid JSON.');
}
