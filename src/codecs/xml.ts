/**
 * The XML codec: builds documents from plain objects and parses untrusted XML
 * without ever expanding entities.
 *
 * Object convention, both ways: an element is a property; attributes are
 * properties prefixed with `@_`; an element with attributes and text keeps the
 * text under `#text`; repeated elements are arrays. Every value is a string:
 * nothing is coerced to numbers or booleans (宛名番号 `0012…` keeps its zeros).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../errors.js';

/** Prefix that marks an attribute in the object form. */
export const XML_ATTRIBUTE_PREFIX = '@_';
/** Property that holds an element's text when it also has attributes. */
export const XML_TEXT_NODE = '#text';

/** Default largest document `parseXml` accepts, in UTF-8 bytes. */
export const DEFAULT_MAX_XML_BYTES = 1024 * 1024;
/** Default deepest element nesting `parseXml` accepts. */
export const DEFAULT_MAX_XML_DEPTH = 32;

/** Stable codes of the InputError `parseXml` and `buildXml` throw. */
export const XML_ERROR_CODES = {
  tooLarge: 'xml-too-large',
  tooDeep: 'xml-too-deep',
  doctype: 'xml-doctype-forbidden',
  malformed: 'xml-malformed',
  forbiddenName: 'xml-forbidden-name',
  invalidValue: 'xml-invalid-value',
} as const;

/** Limits and shape hints for `parseXml`. */
export interface ParseXmlOptions {
  /** Largest accepted document in UTF-8 bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deepest accepted element nesting, the root element being level 1 (default 32, at least 2). */
  maxDepth?: number;
  /** Element names that are always arrays, even with one occurrence. */
  arrays?: readonly string[];
}

const CDATA_NODE = '#cdata';
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const XML_NAME = /^[A-Za-z_\u00C0-\uFFEF][-A-Za-z0-9._\u00B7\u00C0-\uFFEF]*(?::[A-Za-z_\u00C0-\uFFEF][-A-Za-z0-9._\u00B7\u00C0-\uFFEF]*)?$/;
/** Characters outside the XML 1.0 `Char` production, including lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const DOCTYPE_OR_ENTITY = /<!\s*(?:DOCTYPE|ENTITY)/i;
const REFERENCE = /&([^;&\s]*);|&/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_WHITESPACE_ONLY = /^[ \t\r\n]*$/;

function rejected(code: string, detail: string, cause?: unknown): InputError {
  return new InputError(code, detail, [], { semantic: false, cause });
}

function isXmlCodePoint(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Replaces the five predefined entities and numeric character references in
 * one pass, so `&amp;lt;` becomes `&lt;` and never `<`. Any other reference is
 * an undefined entity, which XML makes a fatal error.
 */
function decodeReferences(raw: string): string {
  return raw.replace(REFERENCE, (whole, name: string | undefined) => {
    if (name === undefined) throw rejected(XML_ERROR_CODES.malformed, 'a bare "&" is not allowed in XML text');
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric) {
      const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (isXmlCodePoint(codePoint)) return String.fromCodePoint(codePoint);
    }
    throw rejected(XML_ERROR_CODES.malformed, `reference ${whole.length > 16 ? 'to an undefined entity' : whole} is not allowed`);
  });
}

/** Rebuilds the parser output with decoded text, no whitespace-only text between elements, no name hazards. */
function finish(node: unknown): unknown {
  if (typeof node === 'string') return decodeReferences(node);
  if (Array.isArray(node)) return node.map(finish);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const hasChildElements = entries.some(([key]) => !key.startsWith(XML_ATTRIBUTE_PREFIX) && key !== XML_TEXT_NODE && key !== CDATA_NODE);
  const out: Record<string, unknown> = {};
  let text: string | undefined;
  let cdata: string | undefined;
  for (const [key, value] of entries) {
    const name = key.startsWith(XML_ATTRIBUTE_PREFIX) ? key.slice(XML_ATTRIBUTE_PREFIX.length) : key;
    if (FORBIDDEN_NAMES.has(name)) throw rejected(XML_ERROR_CODES.forbiddenName, `the name "${name}" is not accepted`);
    if (key === CDATA_NODE) {
      cdata = (Array.isArray(value) ? value : [value]).join('');
    } else if (key === XML_TEXT_NODE) {
      const decoded = decodeReferences(String(value));
      if (!(hasChildElements && XML_WHITESPACE_ONLY.test(decoded))) text = decoded;
    } else {
      out[key] = finish(value);
    }
  }
  if (cdata !== undefined && text !== undefined && !XML_WHITESPACE_ONLY.test(text)) {
    throw rejected(XML_ERROR_CODES.malformed, 'text mixed with CDATA sections in one element is not supported');
  }
  const content = cdata ?? text;
  if (content === undefined) return out;
  if (Object.keys(out).length === 0) return content;
  out[XML_TEXT_NODE] = content;
  return out;
}

/**
 * Parses an untrusted XML document into the object form.
 *
 * Rejects with `InputError` (codes in `XML_ERROR_CODES`): documents over the
 * size limit, any DOCTYPE or ENTITY declaration (so no entity expansion and no
 * external entities can happen), nesting deeper than the limit, characters XML
 * forbids, undefined entity references, more than one root element, element or
 * attribute names `__proto__`, `constructor` or `prototype`, and anything not
 * well-formed. The XML declaration, comments and processing instructions are
 * dropped.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  // UTF-16 length never exceeds UTF-8 length, so the cheap check goes first.
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw rejected(XML_ERROR_CODES.tooLarge, `the document is larger than ${maxBytes} bytes`);
  }
  if (DOCTYPE_OR_ENTITY.test(text)) throw rejected(XML_ERROR_CODES.doctype, 'DOCTYPE and ENTITY declarations are not accepted');
  if (NOT_XML_CHAR.test(text)) throw rejected(XML_ERROR_CODES.malformed, 'the document contains characters XML does not allow');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw rejected(XML_ERROR_CODES.malformed, `not well-formed at line ${validation.err.line}, column ${validation.err.col}`);
  }
  const arrays = new Set(options.arrays ?? []);
  const parser = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreAttributes: false,
    attributeNamePrefix: XML_ATTRIBUTE_PREFIX,
    textNodeName: XML_TEXT_NODE,
    cdataPropName: CDATA_NODE,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // The parser does not count the root element; callers do.
    maxNestedTags: Math.max(1, maxDepth - 1),
    isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && arrays.has(name),
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.startsWith('[SECURITY]')) throw rejected(XML_ERROR_CODES.forbiddenName, 'an element or attribute name is not accepted', error);
    if (/nested tags/i.test(message)) throw rejected(XML_ERROR_CODES.tooDeep, `elements are nested deeper than ${maxDepth} levels`, error);
    throw rejected(XML_ERROR_CODES.malformed, 'the document could not be parsed', error);
  }
  const roots = parsed !== null && typeof parsed === 'object' ? Object.keys(parsed).filter((key) => key !== XML_TEXT_NODE) : [];
  if (roots.length !== 1 || Array.isArray((parsed as Record<string, unknown>)[roots[0]!])) {
    throw rejected(XML_ERROR_CODES.malformed, 'a document must have exactly one root element');
  }
  return finish(parsed);
}

/** Checks names and values before building, so a bad value never yields broken XML. */
function checkBuildable(value: unknown, depth: number): void {
  if (depth > DEFAULT_MAX_XML_DEPTH) throw rejected(XML_ERROR_CODES.tooDeep, 'the value is nested too deeply to write as XML');
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (NOT_XML_CHAR.test(value)) throw rejected(XML_ERROR_CODES.invalidValue, 'a value contains characters XML does not allow');
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return;
  if (Array.isArray(value)) {
    for (const item of value) checkBuildable(item, depth + 1);
    return;
  }
  if (typeof value !== 'object') throw rejected(XML_ERROR_CODES.invalidValue, `a ${typeof value} cannot be written as XML`);
  for (const [key, item] of Object.entries(value)) {
    if (key !== XML_TEXT_NODE) {
      const name = key.startsWith(XML_ATTRIBUTE_PREFIX) ? key.slice(XML_ATTRIBUTE_PREFIX.length) : key;
      if (!XML_NAME.test(name) || FORBIDDEN_NAMES.has(name)) throw rejected(XML_ERROR_CODES.forbiddenName, 'a property name is not a usable XML name');
    }
    checkBuildable(item, depth + 1);
  }
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: XML_ATTRIBUTE_PREFIX,
  textNodeName: XML_TEXT_NODE,
  processEntities: true,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  format: true,
  indentBy: '  ',
});

/**
 * Writes `value` as the document element `root`, with a UTF-8 XML
 * declaration. Text and attribute values are escaped; `null`/`undefined`
 * become empty elements. Throws `InputError` for names that are not XML names
 * and for characters XML 1.0 cannot carry.
 */
export function buildXml(root: string, value: object): string {
  checkBuildable({ [root]: value }, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: value }) as string}`;
}
