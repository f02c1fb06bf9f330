/**
 * A fast reader for the plain subset of YAML that procedure files are
 * written in: block mappings and sequences, one-line flow collections,
 * one-line plain and quoted scalars, comments. The `yaml` package costs
 * milliseconds per file, which at 1,500 procedures is seconds of boot; this
 * reader is an order of magnitude faster.
 *
 * It never guesses: at anything outside the subset (anchors, aliases, tags,
 * block or multi-line scalars, duplicate keys, floats, unusual numbers,
 * document markers, tabs…) it gives up and returns NOT_PLAIN, and the file
 * goes through the `yaml` package with its safety limits. Results equal the
 * `yaml` package's (YAML 1.2 core schema) for every file it accepts.
 */

/** Returned when the text uses YAML beyond the plain subset. */
export const NOT_PLAIN: unique symbol = Symbol('not-plain-yaml');

/** Thrown inside the reader to give up; a plain object, so giving up costs no stack trace. */
const GIVE_UP = Object.freeze({ reason: 'not plain YAML' });

interface Line {
  indent: number;
  text: string;
}

const FLOW_INDICATORS = new Set([',', '[', ']', '{', '}']);
const FLOW_INDICATOR_CODES = new Set([...FLOW_INDICATORS].map((character) => character.charCodeAt(0)));
const COLON = 0x3a;
const HASH = 0x23;
const SPACE = 0x20;
/** Characters YAML does not allow in a stream (it may reject or read them differently); lone surrogates are checked apart. */
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const PLAIN_KEY_START = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*:(?: |$)/;
const SIMPLE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT_LIKE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^0[ox]/;
const MAYBE_TYPED_START = new Set([...'0123456789+-.~nNtTfF']);
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const SIMPLE_ESCAPES = new Map([
  ['\\', '\\'],
  ['"', '"'],
  ['/', '/'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['0', '\0'],
  [' ', ' '],
]);
const PLAIN_START_FORBIDDEN = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '#', ',', '[', ']', '{', '}', '"', "'"]);

/** YAML white space inside a line is the space alone (tabs are refused earlier); JS trim would also eat U+3000 and friends. */
function trimSpacesStart(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 0x20) start += 1;
  return text.slice(start);
}

function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end -= 1;
  return text.slice(0, end);
}

/** `String.prototype.isWellFormed` (Node 20; newer than the ES2023 library types): no lone surrogates. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function notPlain(): never {
  throw GIVE_UP;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(target, key)) notPlain();
  // Assigning `__proto__` would set the prototype; it must become an own key, as the yaml package makes it.
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** Resolves a plain scalar by the YAML 1.2 core schema, giving up on the rarely used forms. */
function resolvePlain(text: string): unknown {
  // Most scalars are words; only these first characters can start a null, boolean or number.
  if (text !== '' && !MAYBE_TYPED_START.has(text[0]!)) return text;
  if (text === '' || NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  if (INTEGER.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : notPlain();
  }
  if (FLOAT_LIKE.test(text)) notPlain();
  return text;
}

/** Reads scalars and flow collections from one line. */
class InlineReader {
  position = 0;
  constructor(readonly text: string) {}

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position += 1;
  }

  /** true when only spaces and at most a comment are left (the position moves past the spaces). */
  atEnd(): boolean {
    this.skipSpaces();
    return this.position === this.text.length || this.text[this.position] === '#';
  }

  /** What is left after the value must be spaces and at most a comment. */
  expectEnd(): void {
    this.skipSpaces();
    if (this.position === this.text.length) return;
    // A comment must be separated from the value by a space.
    if (this.text[this.position] !== '#' || this.text[this.position - 1] !== ' ') notPlain();
  }

  value(inFlow: boolean): unknown {
    this.skipSpaces();
    const first = this.text[this.position];
    if (first === '{') return this.flowMapping();
    if (first === '[') return this.flowSequence();
    if (first === "'") return this.singleQuoted();
    if (first === '"') return this.doubleQuoted();
    return resolvePlain(this.plain(inFlow));
  }

  key(): string {
    this.skipSpaces();
    const first = this.text[this.position];
    const key = first === "'" ? this.singleQuoted() : first === '"' ? this.doubleQuoted() : this.plainKey();
    if (this.text[this.position] !== ':') notPlain();
    this.position += 1;
    const after = this.text[this.position];
    if (after !== undefined && after !== ' ') notPlain();
    return key;
  }

  private plainKey(): string {
    const end = this.text.indexOf(':', this.position);
    if (end < 0) notPlain();
    const key = this.text.slice(this.position, end);
    // Keys the core schema would read as null, booleans or floats are left to the full parser.
    if (!SIMPLE_KEY.test(key)) notPlain();
    if (MAYBE_TYPED_START.has(key[0]!)) {
      const resolved = resolvePlain(key);
      if (resolved === null || typeof resolved === 'boolean') notPlain();
    }
    this.position = end;
    return key;
  }

  private plain(inFlow: boolean): string {
    const { text } = this;
    const start = this.position;
    const first = text[start];
    if (first === undefined || first === '#') return '';
    if (PLAIN_START_FORBIDDEN.has(first)) notPlain();
    if ((first === '-' || first === '?' || first === ':') && (text[start + 1] === ' ' || text[start + 1] === undefined)) notPlain();
    let end = start;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end);
      // Only ASCII punctuation can end or spoil a plain scalar.
      if (code > 0x7d || code < 0x23) continue;
      if (code === COLON) {
        const after = text.charCodeAt(end + 1);
        if (Number.isNaN(after) || after === SPACE || (inFlow && FLOW_INDICATOR_CODES.has(after))) notPlain();
      } else if (code === HASH) {
        if (text.charCodeAt(end - 1) === SPACE) break;
      } else if (inFlow && FLOW_INDICATOR_CODES.has(code)) {
        break;
      }
    }
    this.position = end;
    return trimSpacesEnd(text.slice(start, end));
  }

  private singleQuoted(): string {
    let result = '';
    let position = this.position + 1;
    for (;;) {
      const close = this.text.indexOf("'", position);
      if (close < 0) notPlain();
      result += this.text.slice(position, close);
      if (this.text[close + 1] === "'") {
        result += "'";
        position = close + 2;
      } else {
        this.position = close + 1;
        return result;
      }
    }
  }

  private doubleQuoted(): string {
    let result = '';
    let position = this.position + 1;
    for (;;) {
      const character = this.text[position];
      if (character === undefined) notPlain();
      if (character === '"') {
        this.position = position + 1;
        return result;
      }
      if (character !== '\\') {
        result += character;
        position += 1;
        continue;
      }
      const escape = this.text[position + 1];
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES.get(escape);
      if (simple !== undefined) {
        result += simple;
        position += 2;
      } else if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(position + 2, position + 6))) {
        result += String.fromCharCode(parseInt(this.text.slice(position + 2, position + 6), 16));
        position += 6;
      } else {
        notPlain();
      }
    }
  }

  private flowMapping(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position += 1;
    this.skipSpaces();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return result;
    }
    for (;;) {
      const key = this.key();
      setOwn(result, key, this.value(true));
      this.skipSpaces();
      const separator = this.text[this.position];
      this.position += 1;
      if (separator === '}') return result;
      if (separator !== ',') notPlain();
    }
  }

  private flowSequence(): unknown[] {
    const result: unknown[] = [];
    this.position += 1;
    this.skipSpaces();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return result;
    }
    for (;;) {
      result.push(this.value(true));
      this.skipSpaces();
      const separator = this.text[this.position];
      this.position += 1;
      if (separator === ']') return result;
      if (separator !== ',') notPlain();
    }
  }
}

function toLines(text: string): Line[] {
  if (text.includes('\t') || text.includes('\r') || NON_PRINTABLE.test(text) || !isWellFormed(text)) notPlain();
  const lines: Line[] = [];
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body.includes('\ufeff')) notPlain();
  for (const raw of body.split('\n')) {
    const content = trimSpacesStart(raw);
    if (content === '' || content.startsWith('#')) continue;
    if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) notPlain();
    lines.push({ indent: raw.length - content.length, text: trimSpacesEnd(content) });
  }
  return lines;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Block-structure reader over the significant lines. */
class BlockReader {
  index = 0;
  constructor(readonly lines: Line[]) {}

  block(indent: number): unknown {
    const line = this.lines[this.index];
    if (!line || line.indent !== indent) notPlain();
    return isSequenceItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The value after `key:` or `-` with nothing on the line: a nested block, or null. */
  private nested(parentIndent: number, allowSequenceAtSameIndent: boolean): unknown {
    const next = this.lines[this.index];
    if (next && next.indent > parentIndent) return this.block(next.indent);
    if (next && allowSequenceAtSameIndent && next.indent === parentIndent && isSequenceItem(next.text)) return this.sequence(parentIndent);
    return null;
  }

  private inlineValue(reader: InlineReader, parentIndent: number): unknown {
    const value = reader.value(false);
    reader.expectEnd();
    const next = this.lines[this.index];
    // A more indented line after an inline value would continue a multi-line scalar.
    if (next && next.indent > parentIndent) notPlain();
    return value;
  }

  private mapping(indent: number, first?: Line): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    let line = first ?? this.lines[this.index];
    while (line && line.indent === indent && !isSequenceItem(line.text)) {
      this.index += 1;
      const reader = new InlineReader(line.text);
      const key = reader.key();
      setOwn(result, key, reader.atEnd() ? this.nested(indent, true) : this.inlineValue(reader, indent));
      line = this.lines[this.index];
    }
    if (line && line.indent > indent) notPlain();
    return result;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    let line = this.lines[this.index];
    while (line && line.indent === indent && isSequenceItem(line.text)) {
      const rest = trimSpacesStart(line.text.slice(1));
      if (rest === '' || rest.startsWith('#')) {
        this.index += 1;
        result.push(this.nested(indent, false));
      } else if (isSequenceItem(rest)) {
        notPlain();
      } else if (this.startsWithKey(rest)) {
        // `- key: value`: a mapping whose keys line up with this first key.
        const itemIndent = indent + (line.text.length - rest.length);
        result.push(this.mapping(itemIndent, { indent: itemIndent, text: rest }));
      } else {
        this.index += 1;
        result.push(this.inlineValue(new InlineReader(rest), indent));
      }
      line = this.lines[this.index];
    }
    if (line && line.indent > indent) notPlain();
    return result;
  }

  private startsWithKey(text: string): boolean {
    if (PLAIN_KEY_START.test(text)) return true;
    if (!text.startsWith("'") && !text.startsWith('"')) return false;
    try {
      new InlineReader(text).key();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Reads YAML text written in the plain subset; NOT_PLAIN when the text uses
 * anything else (the caller then uses the `yaml` package).
 */
export function readPlainYaml(text: string): unknown {
  try {
    const lines = toLines(text);
    if (lines.length === 0) return null;
    const reader = new BlockReader(lines);
    const value = reader.block(lines[0]!.indent);
    return reader.index === lines.length ? value : NOT_PLAIN;
  } catch (error) {
    if (error === GIVE_UP) return NOT_PLAIN;
    throw error;
  }
}
