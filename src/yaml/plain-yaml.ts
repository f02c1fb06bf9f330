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

/** A set of ASCII characters as a table by character code: cheaper than a Set in the reader's loops. */
class AsciiSet {
  private readonly table = new Uint8Array(128);
  constructor(characters: string) {
    for (const character of characters) this.table[character.charCodeAt(0)] = 1;
  }
  has(code: number): boolean {
    return code < 128 && this.table[code] === 1;
  }
}

const COLON = 0x3a;
const HASH = 0x23;
const SPACE = 0x20;
const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
/** What peek() returns past the end of the line. */
const END = -1;
/**
 * Characters the reader leaves to the yaml package, found in one scan: tabs,
 * carriage returns, a byte-order mark after the first character, and what YAML
 * does not allow in a stream (it may reject or read them differently). Lone
 * surrogates are checked apart.
 */
const NOT_PLAIN_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT_LIKE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^0[ox]/;
const FLOW_INDICATOR_CODES = new AsciiSet(',[]{}');
const MAYBE_TYPED_START_CODES = new AsciiSet('0123456789+-.~nNtTfF');
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
const PLAIN_START_FORBIDDEN_CODES = new AsciiSet('&*!|>%@`#,[]{}"\'');

/** `String.prototype.isWellFormed` (Node 20; newer than the ES2023 library types): no lone surrogates. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function notPlain(): never {
  throw GIVE_UP;
}

function isKeyCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === DOT || code === DASH || code === SLASH;
}

/** A plain key starts with a letter, a digit or `_`, not with `. - /`. */
function isKeyStart(code: number): boolean {
  return isKeyCharacter(code) && code !== DOT && code !== DASH && code !== SLASH;
}

/**
 * The string itself, but not as a view into the file's text. V8 makes a slice
 * of 13 or more characters a view that keeps its whole parent alive, so the
 * labels of a loaded catalog would keep every file's text in memory: at 1,500
 * procedures, 75 MB of heap after loading instead of 52 MB.
 */
function detached(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
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
  if (text !== '' && !MAYBE_TYPED_START_CODES.has(text.charCodeAt(0))) return text;
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (INTEGER.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : notPlain();
  }
  if (FLOAT_LIKE.test(text)) notPlain();
  return text;
}

/**
 * The reader. A cursor walks the significant lines (not blank, not a comment)
 * of the whole text, and an inner position walks one line's scalars and flow
 * collections: no line is copied out of the text, only keys and scalars are.
 */
class PlainReader {
  /** The current significant line: its indentation, where its content starts and ends (trailing spaces cut). */
  private indent = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private eof = false;
  /** Where the raw line after the current one starts. */
  private next = 0;
  /** The inline position, within [.., end) of the line being read. */
  private position = 0;
  private end = 0;

  constructor(private readonly text: string) {}

  /** The whole document; null when it has no content. */
  document(): unknown {
    this.advance();
    if (this.eof) return null;
    const value = this.block(this.indent);
    if (!this.eof) notPlain();
    return value;
  }

  /** Moves the cursor to the next significant line. */
  private advance(): void {
    const { text } = this;
    while (this.next < text.length) {
      const start = this.next;
      let lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) lineEnd = text.length;
      this.next = lineEnd + 1;
      let content = start;
      while (text.charCodeAt(content) === SPACE) content += 1;
      if (content === lineEnd || text.charCodeAt(content) === HASH) continue;
      const first = text.charCodeAt(start);
      if (first === PERCENT || ((first === DASH || first === DOT) && (text.startsWith('---', start) || text.startsWith('...', start)))) notPlain();
      while (text.charCodeAt(lineEnd - 1) === SPACE) lineEnd -= 1;
      this.indent = content - start;
      this.lineStart = content;
      this.lineEnd = lineEnd;
      return;
    }
    this.eof = true;
  }

  /** Points the inline position at the current line's content from `from`, then moves the cursor on. */
  private takeLine(from = this.lineStart): void {
    this.position = from;
    this.end = this.lineEnd;
    this.advance();
  }

  private isSequenceItemAt(start: number): boolean {
    return this.text.charCodeAt(start) === DASH && (start + 1 === this.lineEnd || this.text.charCodeAt(start + 1) === SPACE);
  }

  private block(indent: number): unknown {
    if (this.eof || this.indent !== indent) notPlain();
    return this.isSequenceItemAt(this.lineStart) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The value after `key:` or `-` with nothing on the line: a nested block, or null. */
  private nested(parentIndent: number, allowSequenceAtSameIndent: boolean): unknown {
    if (!this.eof && this.indent > parentIndent) return this.block(this.indent);
    if (!this.eof && allowSequenceAtSameIndent && this.indent === parentIndent && this.isSequenceItemAt(this.lineStart)) return this.sequence(parentIndent);
    return null;
  }

  /** A value on the line just taken: nothing may follow but a comment, and no more indented line may continue it. */
  private inlineValue(parentIndent: number): unknown {
    const value = this.value(false);
    this.expectEnd();
    if (!this.eof && this.indent > parentIndent) notPlain();
    return value;
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (!this.eof && this.indent === indent && !this.isSequenceItemAt(this.lineStart)) {
      this.takeLine();
      const key = this.key();
      setOwn(result, key, this.atEnd() ? this.nested(indent, true) : this.inlineValue(indent));
    }
    if (!this.eof && this.indent > indent) notPlain();
    return result;
  }

  private sequence(indent: number): unknown[] {
    const { text } = this;
    const result: unknown[] = [];
    while (!this.eof && this.indent === indent && this.isSequenceItemAt(this.lineStart)) {
      let rest = this.lineStart + 1;
      while (rest < this.lineEnd && text.charCodeAt(rest) === SPACE) rest += 1;
      if (rest === this.lineEnd || text.charCodeAt(rest) === HASH) {
        this.advance();
        result.push(this.nested(indent, false));
      } else if (this.isSequenceItemAt(rest)) {
        notPlain();
      } else if (this.startsWithKey(rest)) {
        // `- key: value`: a mapping whose keys line up with this first key.
        this.indent = indent + (rest - this.lineStart);
        this.lineStart = rest;
        result.push(this.mapping(this.indent));
      } else {
        this.takeLine(rest);
        result.push(this.inlineValue(indent));
      }
    }
    if (!this.eof && this.indent > indent) notPlain();
    return result;
  }

  /** Whether the current line's content from `start` begins with `key:`. */
  private startsWithKey(start: number): boolean {
    const { text, lineEnd } = this;
    const first = text.charCodeAt(start);
    if (first === APOSTROPHE || first === QUOTE) {
      this.position = start;
      this.end = lineEnd;
      try {
        this.key();
        return true;
      } catch {
        return false;
      }
    }
    if (!isKeyStart(first)) return false;
    let at = start + 1;
    while (at < lineEnd && isKeyCharacter(text.charCodeAt(at))) at += 1;
    return text.charCodeAt(at) === COLON && (at + 1 === lineEnd || text.charCodeAt(at + 1) === SPACE);
  }

  // Inline reading: scalars and flow collections within [position, end).

  private skipSpaces(): void {
    while (this.position < this.end && this.text.charCodeAt(this.position) === SPACE) this.position += 1;
  }

  /** true when only spaces and at most a comment are left (the position moves past the spaces). */
  private atEnd(): boolean {
    this.skipSpaces();
    return this.position === this.end || this.text.charCodeAt(this.position) === HASH;
  }

  /** What is left after the value must be spaces and at most a comment. */
  private expectEnd(): void {
    this.skipSpaces();
    if (this.position === this.end) return;
    // A comment must be separated from the value by a space.
    if (this.text.charCodeAt(this.position) !== HASH || this.text.charCodeAt(this.position - 1) !== SPACE) notPlain();
  }

  /** The code of the character `offset` after the position, or END past the end of the line. */
  private peek(offset = 0): number {
    const at = this.position + offset;
    return at < this.end ? this.text.charCodeAt(at) : END;
  }

  private value(inFlow: boolean): unknown {
    this.skipSpaces();
    const first = this.peek();
    if (first === OPEN_BRACE) return this.flowMapping();
    if (first === OPEN_BRACKET) return this.flowSequence();
    if (first === APOSTROPHE) return this.singleQuoted();
    if (first === QUOTE) return this.doubleQuoted();
    return resolvePlain(this.plain(inFlow));
  }

  private key(): string {
    this.skipSpaces();
    const first = this.peek();
    const key = first === APOSTROPHE ? this.singleQuoted() : first === QUOTE ? this.doubleQuoted() : this.plainKey();
    if (this.peek() !== COLON) notPlain();
    this.position += 1;
    const after = this.peek();
    if (after !== END && after !== SPACE) notPlain();
    return key;
  }

  /** A key of letters, digits and `_ . - /` (not starting with `. - /`), up to its colon. */
  private plainKey(): string {
    const { text, end } = this;
    const start = this.position;
    const first = text.charCodeAt(start);
    if (!isKeyStart(first)) notPlain();
    let colon = start + 1;
    while (colon < end && isKeyCharacter(text.charCodeAt(colon))) colon += 1;
    if (colon >= end || text.charCodeAt(colon) !== COLON) notPlain();
    const key = text.slice(start, colon);
    // Keys the core schema would read as null, booleans or floats are left to the full parser.
    if (MAYBE_TYPED_START_CODES.has(first)) {
      const resolved = resolvePlain(key);
      if (resolved === null || typeof resolved === 'boolean') notPlain();
    }
    this.position = colon;
    return key;
  }

  private plain(inFlow: boolean): string {
    const { text, end } = this;
    const start = this.position;
    const first = this.peek();
    if (first === END || first === HASH) return '';
    if (PLAIN_START_FORBIDDEN_CODES.has(first)) notPlain();
    const second = this.peek(1);
    if ((first === DASH || first === QUESTION || first === COLON) && (second === SPACE || second === END)) notPlain();
    let stop = start;
    for (; stop < end; stop++) {
      const code = text.charCodeAt(stop);
      // Only ASCII punctuation can end or spoil a plain scalar.
      if (code > 0x7d || code < 0x23) continue;
      if (code === COLON) {
        const after = text.charCodeAt(stop + 1);
        if (stop + 1 >= end || after === SPACE || (inFlow && FLOW_INDICATOR_CODES.has(after))) notPlain();
      } else if (code === HASH) {
        if (text.charCodeAt(stop - 1) === SPACE) break;
      } else if (inFlow && FLOW_INDICATOR_CODES.has(code)) {
        break;
      }
    }
    this.position = stop;
    while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop -= 1;
    return detached(text.slice(start, stop));
  }

  private singleQuoted(): string {
    const { text, end } = this;
    let result = '';
    let position = this.position + 1;
    for (;;) {
      const close = text.indexOf("'", position);
      if (close < 0 || close >= end) notPlain();
      result += text.slice(position, close);
      if (close + 1 < end && text.charCodeAt(close + 1) === APOSTROPHE) {
        result += "'";
        position = close + 2;
      } else {
        this.position = close + 1;
        return detached(result);
      }
    }
  }

  private doubleQuoted(): string {
    const { text, end } = this;
    let result = '';
    let position = this.position + 1;
    for (;;) {
      if (position >= end) notPlain();
      const character = text[position]!;
      if (character === '"') {
        this.position = position + 1;
        return detached(result);
      }
      if (character !== '\\') {
        result += character;
        position += 1;
        continue;
      }
      const escape = position + 1 < end ? text[position + 1]! : undefined;
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES.get(escape);
      if (simple !== undefined) {
        result += simple;
        position += 2;
      } else if (escape === 'u' && position + 6 <= end && /^[0-9A-Fa-f]{4}$/.test(text.slice(position + 2, position + 6))) {
        result += String.fromCharCode(parseInt(text.slice(position + 2, position + 6), 16));
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
    if (this.peek() === CLOSE_BRACE) {
      this.position += 1;
      return result;
    }
    for (;;) {
      const key = this.key();
      setOwn(result, key, this.value(true));
      this.skipSpaces();
      const separator = this.peek();
      this.position += 1;
      if (separator === CLOSE_BRACE) return result;
      if (separator !== COMMA) notPlain();
    }
  }

  private flowSequence(): unknown[] {
    const result: unknown[] = [];
    this.position += 1;
    this.skipSpaces();
    if (this.peek() === CLOSE_BRACKET) {
      this.position += 1;
      return result;
    }
    for (;;) {
      result.push(this.value(true));
      this.skipSpaces();
      const separator = this.peek();
      this.position += 1;
      if (separator === CLOSE_BRACKET) return result;
      if (separator !== COMMA) notPlain();
    }
  }
}

/**
 * Reads YAML text written in the plain subset; NOT_PLAIN when the text uses
 * anything else (the caller then uses the `yaml` package).
 */
export function readPlainYaml(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (NOT_PLAIN_CHARACTER.test(body) || !isWellFormed(body)) return NOT_PLAIN;
  try {
    return new PlainReader(body).document();
  } catch (error) {
    if (error === GIVE_UP) return NOT_PLAIN;
    throw error;
  }
}
