import { InputError } from '../errors.js';

/** Keys that could reach an object's prototype chain in careless code: refused everywhere. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function malformed(code: string, detail: string, pointer = ''): InputError {
  return new InputError(code, detail, [{ pointer, code, message: detail }], { semantic: false });
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Parses a request body as strict JSON (I-JSON, RFC 7493, plus limits): valid UTF-8,
 * one JSON value, nesting at most `maxDepth`, no duplicate keys in an object, no
 * `__proto__`/`constructor`/`prototype` keys, no escaped lone surrogates (`"\ud800"`
 * decodes to text that is not Unicode). A structural pre-scan enforces all this
 * before `JSON.parse` runs, so a hostile body is refused in linear time without
 * deep recursion.
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

/** An open object or array. Pointers are only built when a problem is reported. */
interface Frame {
  /** The keys seen so far; null for an array. */
  keys: Set<string> | null;
  expectKey: boolean;
  /** The member being read: the last key of an object, the index in an array. */
  member: string | number;
}

function pointerOf(stack: Frame[], depth = stack.length): string {
  let pointer = '';
  for (let level = 0; level < depth; level++) {
    const { member } = stack[level]!;
    pointer += `/${typeof member === 'number' ? member : escapePointer(member)}`;
  }
  return pointer;
}

function scanStructure(text: string, maxDepth: number): void {
  const stack: Frame[] = [];
  const escapes: Escapes = { next: text.indexOf('\\') };
  let top: Frame | undefined;
  let i = 0;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    // whitespace first: most characters outside strings of an indented body are
    if (char <= 0x20) {
      i++;
      continue;
    }
    if (char === QUOTE) {
      const end = endOfString(text, i, stack, escapes);
      if (top?.keys && top.expectKey) {
        const key = readKey(text, i, end);
        top.member = key;
        top.expectKey = false;
        if (FORBIDDEN_KEYS.has(key)) throw malformed('forbidden-key', `The key '${key}' is not allowed.`, pointerOf(stack));
        if (top.keys.has(key)) throw malformed('duplicate-key', 'A key appears twice in the same object.', pointerOf(stack));
        top.keys.add(key);
      }
      i = end + 1;
      continue;
    }
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (stack.length >= maxDepth) throw malformed('too-deep', `The body nests deeper than ${maxDepth} levels.`, pointerOf(stack, stack.length - 1));
      top = char === 0x7b ? { keys: new Set(), expectKey: true, member: '' } : { keys: null, expectKey: false, member: 0 };
      stack.push(top);
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
      top = stack.at(-1);
    } else if (char === 0x2c /* , */ && top) {
      if (top.keys) top.expectKey = true;
      else top.member = (top.member as number) + 1;
    }
    i++;
  }
}

/** A key without escapes is its own text; only escaped keys need decoding. */
function readKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    throw malformed('invalid-json', 'The body is not valid JSON.');
  }
}

/**
 * Where the next backslash of the text is (-1: none left), kept across strings so
 * that each string costs two native `indexOf` scans instead of a loop over its
 * characters (a submission carries a long base64 signature), and the text is
 * searched for backslashes once overall, not once per string.
 */
interface Escapes {
  next: number;
}

/** The index of the closing quote of the string starting at `start`; refuses escaped lone surrogates on the way. */
function endOfString(text: string, start: number, stack: Frame[], escapes: Escapes): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw malformed('invalid-json', 'The body is not valid JSON.');
    if (escapes.next >= 0 && escapes.next < from) escapes.next = text.indexOf('\\', from);
    const backslash = escapes.next;
    if (backslash < 0 || backslash > quote) return quote;
    from = backslash + lengthOfEscape(text, backslash, stack);
  }
}

/** How many characters the escape at `at` spans: 12 for an escaped surrogate pair, 6 for another `\\uXXXX`, 2 otherwise. */
function lengthOfEscape(text: string, at: number, stack: Frame[]): number {
  const unit = escapedUnit(text, at);
  if (unit < 0) return 2;
  if (unit < 0xd800 || unit > 0xdfff) return 6;
  const low = unit <= 0xdbff && text.charCodeAt(at + 6) === BACKSLASH ? escapedUnit(text, at + 6) : -1;
  if (low < 0xdc00 || low > 0xdfff) {
    throw malformed('lone-surrogate', 'The body escapes a lone surrogate (such as \\ud800), which is not Unicode text.', pointerOf(stack));
  }
  return 12;
}

/** The UTF-16 unit of the `\uXXXX` escape at `at`, or -1 when it is not one. */
function escapedUnit(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 0x75) return -1;
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9A-Fa-f]{4}$/.test(hex) ? parseInt(hex, 16) : -1;
}
