/**
 * 外字 tables: characters (usually private-use code points, U+E000–U+F8FF)
 * that a core system keeps in the CP932 user-defined area 0xF040–0xF9FC.
 * The table is configuration, validated when it is created.
 */
import { ConfigurationError } from '../errors.js';
import { cp932Code } from './cp932-table.js';
import { formatCodePoint } from './code-point.js';

/** Code point → double-byte code in the user-defined area. */
export type GaijiTable = ReadonlyMap<number, number>;

/** true for a double-byte code in the CP932 user-defined area. */
export function isUserDefinedCode(code: number): boolean {
  const lead = code >> 8;
  const trail = code & 0xff;
  return lead >= 0xf0 && lead <= 0xf9 && trail >= 0x40 && trail <= 0xfc && trail !== 0x7f;
}

/**
 * Builds a 外字 table from data such as `{ "U+E000": "F040", "𠮷": "F041" }`
 * (keys: one character or `U+XXXX`; values: four hex digits). Characters
 * CP932 already holds cannot be remapped, and two characters cannot share a code.
 */
export function createGaijiTable(entries: Record<string, string>, where: { file?: string } = {}): GaijiTable {
  const table = new Map<number, number>();
  const used = new Map<number, number>();
  for (const [key, value] of Object.entries(entries)) {
    const path = `/${key}`;
    const codePoint = parseCharacterKey(key);
    if (codePoint === undefined) throw new ConfigurationError('外字 key must be one character or U+XXXX', { ...where, path });
    if (cp932Code(codePoint) >= 0) throw new ConfigurationError(`${formatCodePoint(codePoint)} is already in CP932`, { ...where, path });
    if (!/^[0-9A-Fa-f]{4}$/.test(value)) throw new ConfigurationError('外字 code must be four hex digits', { ...where, path });
    const code = Number.parseInt(value, 16);
    if (!isUserDefinedCode(code)) throw new ConfigurationError('外字 code must be in the user-defined area F040–F9FC', { ...where, path });
    if (used.has(code)) throw new ConfigurationError(`code ${value.toUpperCase()} is used twice`, { ...where, path });
    used.set(code, codePoint);
    table.set(codePoint, code);
  }
  return table;
}

function parseCharacterKey(key: string): number | undefined {
  const notation = /^U\+([0-9A-Fa-f]{4,6})$/.exec(key);
  if (notation) {
    const codePoint = Number.parseInt(notation[1]!, 16);
    return codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff) ? codePoint : undefined;
  }
  const chars = [...key];
  return chars.length === 1 ? chars[0]!.codePointAt(0) : undefined;
}
