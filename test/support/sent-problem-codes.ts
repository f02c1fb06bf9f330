import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toProblem } from '../../src/http/problem.js';

/**
 * Finds the problem type codes the gateway's source sends: the code argument
 * of every `new <GatewayError subclass>(…)` and every `problemType('…')`.
 * Error classes are found in the source too, so a new subclass is scanned
 * without changes here.
 */

/** A source file of src/ or adapters/ (tests left out), by its path from the repository root. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A code the source sends, with the status of the sending site where the scan can tell. */
export interface SentCode {
  code: string;
  status: number | undefined;
  where: string;
}

/** A constructor call whose code is not a string literal: its codes must be resolved some other way. */
export interface DynamicCodeSite {
  file: string;
  where: string;
  argument: string;
  status: number;
}

/** What the scan found. */
export interface SourceScan {
  sent: SentCode[];
  dynamic: DynamicCodeSite[];
}

function isTestPath(path: string): boolean {
  return path.endsWith('.test.ts') || path.split('/').some((part) => part === 'test' || part === 'test-support');
}

/** Every TypeScript source file below `roots`, tests and test support left out. */
export function readSources(roots: readonly string[] = ['src', 'adapters']): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = `${directory}/${entry.name}`;
      if (isTestPath(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  for (const root of roots) walk(root);
  return files;
}

/** The index just after the string, template literal or comment starting at `start`. */
function skipLiteral(text: string, start: number): number {
  const opener = text[start];
  if (opener === '/' && text[start + 1] === '/') return text.indexOf('\n', start) + 1 || text.length;
  if (opener === '/' && text[start + 1] === '*') return text.indexOf('*/', start + 2) + 2;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === opener) return i + 1;
    else if (opener === '`' && char === '$' && text[i + 1] === '{') i = endOfGroup(text, i + 1) - 1;
  }
  return text.length;
}

function startsLiteral(text: string, i: number): boolean {
  const char = text[i];
  return char === "'" || char === '"' || char === '`' || (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*'));
}

/** The index just after the bracket that closes the one at `open`. */
function endOfGroup(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; ) {
    if (startsLiteral(text, i)) {
      i = skipLiteral(text, i);
      continue;
    }
    const char = text[i]!;
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && --depth === 0) return i + 1;
    i++;
  }
  return text.length;
}

/** The argument texts of the call whose `(` is at `open`, trimmed. */
function callArguments(text: string, open: number): string[] {
  const end = endOfGroup(text, open) - 1;
  const args: string[] = [];
  let start = open + 1;
  let depth = 0;
  for (let i = start; i < end; ) {
    if (startsLiteral(text, i)) {
      i = skipLiteral(text, i);
      continue;
    }
    const char = text[i]!;
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  const last = text.slice(start, end).trim();
  if (last) args.push(last);
  return args;
}

/** The value of a plain string literal ('…', "…" or `…` without interpolation), else undefined. */
function stringLiteral(argument: string | undefined): string | undefined {
  const match = /^(?:'([^'\\]*)'|"([^"\\]*)"|`([^`\\$]*)`)$/s.exec(argument ?? '');
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** The literal first arguments of every call of `functionName` in `text`. */
export function literalFirstArguments(text: string, functionName: string): string[] {
  const calls = [...text.matchAll(new RegExp(`\\b${functionName}\\(`, 'g'))];
  return calls.flatMap((call) => {
    const code = stringLiteral(callArguments(text, call.index + call[0].length - 1)[0]);
    return code === undefined ? [] : [code];
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

interface ErrorClass {
  name: string;
  file: string;
  parent: string;
  /** Constructor parameter names; undefined: inherited. */
  params: string[] | undefined;
}

/** Every class of the source that extends GatewayError, directly or not, with its constructor parameters. */
function findErrorClasses(sources: readonly SourceFile[]): Map<string, ErrorClass & { params: string[] }> {
  const declared = new Map<string, ErrorClass>();
  for (const file of sources) {
    const matches = [...file.text.matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)/g)];
    matches.forEach((match, index) => {
      const body = file.text.slice(match.index, matches[index + 1]?.index ?? file.text.length);
      const constructor = /\bconstructor\(/.exec(body);
      const params = constructor ? callArguments(body, constructor.index + constructor[0].length - 1).map((param) => /^\w+/.exec(param)?.[0] ?? '') : undefined;
      declared.set(match[1]!, { name: match[1]!, file: file.path, parent: match[2]!, params });
    });
  }
  const resolved = new Map<string, ErrorClass & { params: string[] }>();
  const paramsOf = (name: string): string[] | undefined => {
    const declaration = declared.get(name);
    if (!declaration) return undefined;
    return declaration.params ?? paramsOf(declaration.parent);
  };
  const reachesGatewayError = (name: string): boolean => name === 'GatewayError' || (declared.has(name) && reachesGatewayError(declared.get(name)!.parent));
  for (const declaration of declared.values()) {
    const params = paramsOf(declaration.name);
    if (declaration.name !== 'GatewayError' && reachesGatewayError(declaration.name) && params) resolved.set(declaration.name, { ...declaration, params });
  }
  return resolved;
}

/** A stand-in argument for a constructor parameter, so the real class can be built. */
function sampleArgument(param: string, site: { code: string; retryable: boolean; semantic: boolean }): unknown {
  const samples: Record<string, unknown> = {
    code: site.code,
    detail: 'detail',
    system: 'system',
    retryable: site.retryable,
    retryAfterSeconds: 1,
    issues: [],
    options: { semantic: site.semantic },
  };
  return samples[param];
}

/** Scans `sources` for the problem codes they send. */
export async function scanSentCodes(sources: readonly SourceFile[]): Promise<SourceScan> {
  const classes = [...findErrorClasses(sources).values()].filter((errorClass) => errorClass.params.includes('code'));
  const constructors = new Map<string, new (...args: unknown[]) => unknown>();
  for (const errorClass of classes) {
    const module = (await import(resolve(errorClass.file))) as Record<string, new (...args: unknown[]) => unknown>;
    const constructor = module[errorClass.name];
    if (constructor) constructors.set(errorClass.name, constructor);
  }

  const sent: SentCode[] = [];
  const dynamic: DynamicCodeSite[] = [];
  for (const file of sources) {
    for (const errorClass of classes) {
      for (const call of file.text.matchAll(new RegExp(`\\bnew\\s+${errorClass.name}\\s*\\(`, 'g'))) {
        const args = callArguments(file.text, call.index + call[0].length - 1);
        const argumentAt = (param: string) => args[errorClass.params.indexOf(param)];
        const codeArgument = argumentAt('code') ?? '';
        const code = stringLiteral(codeArgument);
        const retryable = argumentAt('retryable');
        const site = { code: code ?? 'dynamic', retryable: retryable !== 'false', semantic: !/\bsemantic:\s*false\b/.test(args.join(',')) };
        const constructor = constructors.get(errorClass.name);
        if (!constructor) throw new Error(`${errorClass.file} does not export ${errorClass.name}`);
        const instance = new constructor(...errorClass.params.map((param) => sampleArgument(param, site)));
        const status = toProblem(instance, 'scan').status;
        if (status === 500) continue; // sent as internal-error, never under its own code
        const where = `${file.path}:${lineOf(file.text, call.index)}`;
        if (code === undefined) {
          dynamic.push({ file: file.path, where, argument: codeArgument, status });
          continue;
        }
        sent.push({ code, status, where });
      }
    }
    for (const call of file.text.matchAll(/\bproblemType\(\s*'([a-z0-9-]+)'\s*\)/g)) {
      sent.push({ code: call[1]!, status: undefined, where: `${file.path}:${lineOf(file.text, call.index)}` });
    }
  }
  return { sent, dynamic };
}
