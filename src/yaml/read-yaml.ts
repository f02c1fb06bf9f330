/**
 * The one YAML-reading policy of the gateway, for the configuration file, the
 * procedure catalog, the finder and the mappings: whichever parser reads a
 * file, the same things are refused, each with a location —
 * syntax errors, duplicate keys, aliases (no "billion laughs" however few),
 * explicit tags (no custom types), and keys that reach an object's prototype
 * in careless code (`__proto__`, `constructor`, `prototype`). The size limit
 * is `yaml-file.ts`'s. Files in the plain subset take the fast reader
 * (`plain-yaml.ts`); every other file, and every file with a problem, goes
 * through the `yaml` package.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { FORBIDDEN_KEYS } from '../json/strict-json.js';
import { NOT_PLAIN, readPlainYaml } from './plain-yaml.js';

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

/** Walks the document tree for aliases, tags and duplicate keys; aliases are refused, never followed. */
function inspect(node: unknown, path: string): void {
  if (isAlias(node)) throw new YamlProblem(path || '/', 'aliases are not allowed');
  if (isNode(node) && node.tag !== undefined) throw new YamlProblem(path || '/', `tags are not allowed (${node.tag})`);
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (isNode(pair.key) && pair.key.tag !== undefined) throw new YamlProblem(`${path}${segment(pair.key)}`, `tags are not allowed (${pair.key.tag})`);
      const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
      if (seen.has(key)) throw new YamlProblem(`${path}${segment(pair.key)}`, 'duplicate key');
      seen.add(key);
      inspect(pair.value, `${path}${segment(pair.key)}`);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => inspect(item, `${path}/${index}`));
  }
}

/** Refuses prototype keys in the data, whichever parser made it (both keep `__proto__` as an own key). */
function refusePrototypeKeys(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => refusePrototypeKeys(item, `${path}/${index}`));
    return;
  }
  for (const key of Object.keys(value)) {
    const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (FORBIDDEN_KEYS.has(key)) throw new YamlProblem(at, `the key '${key}' is not allowed`);
    refusePrototypeKeys((value as Record<string, unknown>)[key], at);
  }
}

function readWithYamlPackage(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: false, strict: true, merge: false });
  const error = document.errors[0];
  if (error) {
    const where = error.linePos?.[0];
    throw new YamlProblem(where ? `line ${where.line}, column ${where.col}` : '/', `YAML syntax: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  inspect(document.contents as Node | null, '');
  return document.toJS({ maxAliasCount: 0 });
}

/** Parses YAML text to plain data under the policy. Throws YamlProblem. */
export function readYaml(text: string): unknown {
  const plain = readPlainYaml(text);
  const data = plain === NOT_PLAIN ? readWithYamlPackage(text) : plain;
  refusePrototypeKeys(data, '');
  return data;
}
