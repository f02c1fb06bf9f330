/**
 * The production profile's process must not load the dev profile's edge or a
 * simulator: they would run with production's privileges, and about 2,300
 * lines of code nobody reviews for production would sit on its path. The test
 * builds the project as `npm run build` does (into a temporary directory),
 * walks the static imports from dist/src/main.js, and names every file of
 * src/dev/ or a simulator it reaches. main.ts reaches the dev edge only by a
 * dynamic import in the dev profile; the test checks that this is the only one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const outDir = mkdtempSync(join(tmpdir(), 'kakehashi-import-graph-'));

interface ImportGraph {
  /** Files reached by static imports, relative to the build directory. */
  reached: Set<string>;
  /** Dynamic imports of relative modules: which file, which target. */
  dynamic: { from: string; to: string }[];
}

/** The relative module specifiers of one built file, split into static and dynamic imports. */
function importsOf(file: string): { statics: string[]; dynamics: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const statics: string[] = [];
  const dynamics: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      statics.push(statement.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      dynamics.push(argument && ts.isStringLiteral(argument) ? argument.text : '(computed)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { statics: statics.filter((specifier) => specifier.startsWith('.')), dynamics: dynamics.filter((specifier) => !specifier.startsWith('node:')) };
}

function walk(entry: string): ImportGraph {
  const reached = new Set<string>();
  const dynamic: ImportGraph['dynamic'] = [];
  const pending = [join(outDir, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const name = relative(outDir, file);
    if (reached.has(name)) continue;
    reached.add(name);
    const { statics, dynamics } = importsOf(file);
    for (const specifier of statics) pending.push(resolve(dirname(file), specifier));
    for (const specifier of dynamics) dynamic.push({ from: name, to: specifier.startsWith('.') ? relative(outDir, resolve(dirname(file), specifier)) : specifier });
  }
  return { reached, dynamic };
}

const isDevOrSimulator = (name: string) => name.startsWith('src/dev/') || name.split('/').includes('simulator');

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir, '--sourceMap', 'false'], { cwd: root });
}, 300_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the production import graph of dist/src/main.js', () => {
  it('reaches the gateway and every adapter, but no file of src/dev/ and no simulator', () => {
    const { reached } = walk('src/main.js');
    // the walk follows the real wiring: without these the check below would pass for a graph that is not the gateway's
    expect(reached).toContain('src/gateway.js');
    for (const system of ['resident-registry', 'tax', 'welfare', 'payment', 'convenience-store']) expect(reached).toContain(`adapters/${system}/definition.js`);
    expect([...reached].filter(isDevOrSimulator)).toEqual([]);
  });

  it('loads the dev edge only by the one dynamic import main.js makes in the dev profile', () => {
    const { dynamic } = walk('src/main.js');
    expect(dynamic.filter(({ to }) => isDevOrSimulator(to) || to === '(computed)')).toEqual([{ from: 'src/main.js', to: 'src/dev/dev-gateway.js' }]);
  });

  it('the audit command operators run in production loads no dev code: the command line loads each command when it runs', () => {
    const cli = walk('src/cli/main.js');
    expect(cli.reached).toContain('src/cli/run-cli.js');
    expect([...cli.reached].filter(isDevOrSimulator)).toEqual([]);
    expect(cli.dynamic.map(({ to }) => to).sort()).toEqual(['audit', 'demo', 'dev-pki', 'sign', 'sign-challenge'].map((command) => `src/cli/${command}.js`).sort());
    const audit = walk('src/cli/audit.js').reached;
    expect(audit).toContain('src/audit/verify-audit.js');
    expect([...audit].filter(isDevOrSimulator)).toEqual([]);
    // so the check can fail: the dev commands do reach dev code
    expect([...walk('src/cli/sign.js').reached].filter(isDevOrSimulator)).toContain('src/dev/dev-payment.js');
  });

  it('would name the simulators: the dev edge reaches all five', () => {
    const simulators = [...walk('src/dev/dev-gateway.js').reached].filter((name) => name.endsWith('/simulator/index.js'));
    expect(simulators.sort()).toEqual(['resident-registry', 'tax', 'welfare', 'payment', 'convenience-store'].sort().map((system) => `adapters/${system}/simulator/index.js`));
  });
});
