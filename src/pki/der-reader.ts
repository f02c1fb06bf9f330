/**
 * A small, strict DER reader over a Buffer. It reads only the elements the
 * caller walks to (no eager recursive parse), returns views instead of copies,
 * and refuses indefinite lengths and anything that runs past its parent. It
 * exists because verification parses one CMS per submission on the hot path,
 * where a general ASN.1 object model costs more than the RSA check itself.
 */

/** The input is not the DER the caller expected. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** One element: its identifier octet and where its header and content are. */
export interface DerNode {
  readonly buffer: Buffer;
  /** The identifier octet (class, constructed bit, tag number < 31). */
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Reads the element starting at `offset`, which must end at or before `limit`. */
export function readNode(buffer: Buffer, offset = 0, limit = buffer.length): DerNode {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buffer[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let length = buffer[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0) throw new DerError('indefinite length is not DER');
    if (octets > 4) throw new DerError('length too large');
    if (contentStart + octets > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (buffer[contentStart + i] as number);
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { buffer, tag, start: offset, contentStart, end };
}

/** Reads a whole buffer as exactly one element. */
export function readRoot(buffer: Buffer): DerNode {
  const node = readNode(buffer, 0, buffer.length);
  if (node.end !== buffer.length) throw new DerError('trailing bytes after the element');
  return node;
}

/** The elements inside a constructed element. */
export function childrenOf(node: DerNode): DerNode[] {
  if (!(node.tag & 0x20)) throw new DerError('expected a constructed element');
  const result: DerNode[] = [];
  let offset = node.contentStart;
  while (offset < node.end) {
    const child = readNode(node.buffer, offset, node.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}

/** Asserts the tag and returns the node. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`expected ${what}`);
  return node;
}

/** The content octets (a view). */
export function contentOf(node: DerNode): Buffer {
  return node.buffer.subarray(node.contentStart, node.end);
}

/** The whole encoding, header included (a view). */
export function encodingOf(node: DerNode): Buffer {
  return node.buffer.subarray(node.start, node.end);
}

/** Dotted forms of OIDs already decoded; a verifier meets the same handful again and again. */
const OID_MEMO = new Map<string, string>();
const OID_MEMO_LIMIT = 4096;

/** Decodes an OBJECT IDENTIFIER to dotted form. */
export function readOid(node: DerNode | undefined): string {
  const bytes = contentOf(expectTag(node, TAG.oid, 'an object identifier'));
  if (bytes.length === 0 || bytes.length > 64) throw new DerError('bad object identifier length');
  const key = bytes.toString('latin1');
  const known = OID_MEMO.get(key);
  if (known !== undefined) return known;
  const dotted = decodeOid(bytes);
  if (OID_MEMO.size < OID_MEMO_LIMIT) OID_MEMO.set(key, dotted);
  return dotted;
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  if (bytes[bytes.length - 1]! & 0x80) throw new DerError('truncated object identifier');
  const first = parts.shift() as number;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** An INTEGER as upper-case hex of its minimal unsigned magnitude (certificate serial style). */
export function readIntegerHex(node: DerNode | undefined): string {
  const bytes = contentOf(expectTag(node, TAG.integer, 'an integer'));
  if (bytes.length === 0) throw new DerError('empty integer');
  let first = 0;
  while (first < bytes.length - 1 && bytes[first] === 0) first += 1;
  return bytes.subarray(first).toString('hex').toUpperCase();
}

/** UTCTime or GeneralizedTime (the `Z` forms DER allows) as a Date. */
export function readTime(node: DerNode | undefined): Date {
  if (!node || (node.tag !== TAG.utcTime && node.tag !== TAG.generalizedTime)) throw new DerError('expected a time');
  const text = contentOf(node).toString('latin1');
  const match =
    node.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new DerError('malformed time');
  let year = Number(match[1]);
  if (node.tag === TAG.utcTime) year += year >= 50 ? 1900 : 2000;
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match[3])) throw new DerError('impossible time');
  return date;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A character string (UTF8String, PrintableString, IA5String, BMPString) as text. */
export function readString(node: DerNode | undefined): string {
  if (!node) throw new DerError('expected a string');
  const bytes = contentOf(node);
  switch (node.tag) {
    case TAG.utf8String:
      try {
        return utf8.decode(bytes);
      } catch {
        throw new DerError('invalid UTF-8');
      }
    case TAG.printableString:
    case TAG.ia5String:
      return bytes.toString('latin1');
    case TAG.bmpString:
      if (bytes.length % 2 !== 0) throw new DerError('odd BMPString length');
      return Buffer.from(bytes).swap16().toString('utf16le');
    default:
      throw new DerError('expected a character string');
  }
}
