/**
 * Reads one YAML document safely for configuration: syntax errors, duplicate
 * keys and alias expansion ("billion laughs") are refused with a location.
 * Files in the plain subset take the fast reader (`plain-yaml.ts`); every
 * other file, and every file with a problem, goes through the `yaml` package.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { NOT_PLAIN, readPlainYaml } from './plain-yaml.js';

/** Most alias expansions a file may cause; enough for a few shared labels, far too few for a bomb. */
export const MAX_ALIAS_COUNT = 20;

/** A YAML problem: where (JSON Pointer-like path or line/column) and what. */
export class YamlProblem extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

function segment(key: unknown): string {
  const text = isScalar(key) ? String(key.value) : String(key);
  return `/${text.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Walks the document tree (aliases are not followed) for duplicate keys; returns the path of the first alias. */
function inspect(node: unknown, path: string, aliases: { first?: string }): void {
  if (isAlias(node)) {
    aliases.first ??= path;
  } else if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
      if (seen.has(key)) throw new YamlProblem(`${path}${segment(pair.key)}`, 'duplicate key');
      seen.add(key);
      inspect(pair.value, `${path}${segment(pair.key)}`, aliases);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => inspect(item, `${path}/${index}`, aliases));
  }
}

/** Parses YAML text to plain data. Throws YamlProblem. */
export function readYaml(text: string): unknown {
  const plain = readPlainYaml(text);
  if (plain !== NOT_PLAIN) return plain;
  const document = parseDocument(text, { uniqueKeys: false, strict: true });
  const error = document.errors[0];
  if (error) {
    const where = error.linePos?.[0];
    throw new YamlProblem(where ? `line ${where.line}, column ${where.col}` : '/', `YAML syntax: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const aliases: { first?: string } = {};
  inspect(document.contents as Node | null, '', aliases);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    if (cause instanceof ReferenceError) {
      throw new YamlProblem(aliases.first || '/', `aliases expand too much (at most ${MAX_ALIAS_COUNT} alias expansions per file)`);
    }
    throw cause;
  }
}
