/**
 * Catalog boot time at the scale of a large city (about 1,500 procedures):
 * generates variants of the shipped procedure files in a temporary directory,
 * then times loadCatalog (read, parse, check) as a start does it: each in a
 * fresh process, so with V8's compilers cold and no garbage of an earlier
 * load around. A first start (no cache), a first start with the catalog
 * cache on (and the cache write that follows it), a restart (cache, no file
 * changed), a restart after one file changed; and, in this process, compiling every form to its zod schema and
 * JSON Schema.
 *
 *   npm run bench -- catalog
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CatalogCache } from '../../src/catalog/catalog-cache.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';

const PROCEDURES = 1500;
/** Fresh processes per measured start; the median is reported. */
const RUNS = 5;
const SHIPPED = 'mappings/procedures';

/** A fixed CPU-bound loop, printed beside the result: on a busy or slow machine it shows how far from idle the numbers are. */
function calibrationMs(): number {
  let sum = 0;
  const started = performance.now();
  for (let i = 0; i < 10_000_000; i++) sum += i % 7;
  if (sum < 0) throw new Error('unreachable');
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * A variant of a shipped procedure file, edited as text so it keeps the
 * authors' style (comments, one-line labels): a new id and title, and 0–59
 * extra optional fields in one more group at the end of the form.
 */
function variant(base: { id: string; text: string }, index: number): { id: string; text: string } {
  const id = `${base.id}-${String(index).padStart(4, '0')}`;
  let text = base.text
    .replace(/^id: .*$/m, `id: ${id}`)
    .replace(/^title:\n  ja: (.*)\n  en: (.*)$/m, `title:\n  ja: $1(様式${index})\n  en: $2 (form ${index})`);
  const extra = index % 60;
  if (extra > 0) {
    const lines = ['    - name: additional', '      kind: group', '      label: { ja: 追加項目, en: Additional items }', '      fields:'];
    for (let n = 0; n < extra; n++) {
      if (n % 3 === 0) lines.push(`        - { name: note${n}, kind: text, maxLength: ${100 + n}, label: { ja: 備考${n}, en: Note ${n} } }`);
      else if (n % 3 === 1) lines.push(`        - { name: count${n}, kind: integer, min: 0, max: 1000, label: { ja: 件数${n}, en: Count ${n} } }`);
      else {
        lines.push(`        - name: choice${n}`, '          kind: code', `          label: { ja: 区分${n}, en: Category ${n} }`, '          options:');
        lines.push("            - { value: a, label: { ja: 甲, en: A } }", "            - { value: b, label: { ja: 乙, en: B } }");
      }
    }
    text = `${text.trimEnd()}\n${lines.join('\n')}\n`;
  }
  return { id, text };
}

interface StartTiming {
  ms: number;
  cpuMs: number;
  procedures: number;
  /** The cache save that follows the start (the gateway runs it once ready); 0 without a cache or when nothing changed. */
  saveMs: number;
}

/** In a child process: one load, timed from the call to the catalog (module loading excluded), then the cache save. */
async function timeOneStart(directory: string, cacheFile: string | undefined): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const cache = cacheFile ? CatalogCache.open(cacheFile) : undefined;
  const catalog = await loadCatalog(directory, { cache });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const saveStarted = performance.now();
  cache?.save();
  const saveMs = performance.now() - saveStarted;
  const timing: StartTiming = { ms, cpuMs: (cpu.user + cpu.system) / 1000, procedures: catalog.list().length, saveMs };
  process.stdout.write(`${JSON.stringify(timing)}\n`);
}

/** One start in a fresh process. */
function start(directory: string, cacheFile?: string): StartTiming {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--start', directory, ...(cacheFile ? [cacheFile] : [])];
  const timing = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n').at(-1)!) as StartTiming;
  if (timing.procedures !== PROCEDURES) throw new Error(`loaded ${timing.procedures} procedures`);
  return timing;
}

const summary = (timings: StartTiming[]) =>
  `${median(timings.map((t) => t.ms)).toFixed(0)} ms (runs: ${timings.map((t) => t.ms.toFixed(0)).join(', ')}; CPU ${median(timings.map((t) => t.cpuMs)).toFixed(0)} ms)`;

async function main(): Promise<void> {
  const bases = readdirSync(SHIPPED)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ id: name.slice(0, -'.yaml'.length), text: readFileSync(join(SHIPPED, name), 'utf8') }));
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-catalog-bench-'));
  const cacheFile = join(directory, '..', `${basename(directory)}-cache.json`);
  try {
    let bytes = 0;
    for (let index = 0; index < PROCEDURES; index++) {
      const { id, text } = variant(bases[index % bases.length]!, index);
      bytes += Buffer.byteLength(text);
      writeFileSync(join(directory, `${id}.yaml`), text);
    }

    const firstStarts = Array.from({ length: RUNS }, () => start(directory));
    const firstWithCache = start(directory, cacheFile);
    const restarts = Array.from({ length: RUNS }, () => start(directory, cacheFile));
    const changed = Array.from({ length: RUNS }, (_, run) => {
      const edited = join(directory, readdirSync(directory)[run]!);
      writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title:\n  ja: /m, 'title:\n  ja: 改'));
      return start(directory, cacheFile);
    });

    const compileStarted = performance.now();
    const catalog = await loadCatalog(directory);
    for (const compiled of catalog.list()) {
      void compiled.formSchema;
      void compiled.jsonSchema;
    }
    const compileAll = performance.now() - compileStarted;

    const calibration = median([calibrationMs(), calibrationMs(), calibrationMs()]);
    console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}, 10M-iteration loop ${calibration.toFixed(0)} ms`);
    console.log(`catalog files: ${PROCEDURES}, ${(bytes / 1024 / 1024).toFixed(1)} MiB of YAML; each start in a fresh process, median of ${RUNS}`);
    console.log(`catalog.load ${PROCEDURES} procedures, first start (every file parsed and checked): ${summary(firstStarts)} (target < 1000 ms)`);
    console.log(
      `catalog.load ${PROCEDURES} procedures, first start with the catalog cache on (one run): ${summary([firstWithCache])}; then the cache is written, after the start, in ${firstWithCache.saveMs.toFixed(0)} ms`,
    );
    console.log(`catalog.load ${PROCEDURES} procedures, restart with the catalog cache, no file changed: ${summary(restarts)} (target < 1000 ms)`);
    console.log(`catalog.load ${PROCEDURES} procedures, restart with the catalog cache, one file changed: ${summary(changed)}`);
    console.log(`catalog.load+compile ${PROCEDURES} procedures in this process (every zod schema and JSON Schema built; forms compile lazily at run time): ${compileAll.toFixed(0)} ms`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
    rmSync(cacheFile, { force: true });
  }
}

const [mode, startDirectory, startCacheFile] = process.argv.slice(2);
if (mode === '--start') await timeOneStart(startDirectory!, startCacheFile);
else await main();
