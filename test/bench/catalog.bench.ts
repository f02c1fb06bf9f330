/**
 * Catalog boot time at the scale of a large city (about 1,500 procedures):
 * generates variants of the shipped procedure files in a temporary directory,
 * then times loadCatalog (read, parse, check) on a first start (no cache), on
 * a restart (the catalog cache of the data directory, no file changed), on a
 * restart after one file changed, and, separately, compiling every form to
 * its zod schema and JSON Schema.
 *
 *   npm run bench -- catalog
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../../src/catalog/load-catalog.js';

const PROCEDURES = 1500;
const RUNS = 3;
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

const bases = readdirSync(SHIPPED)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ id: name.slice(0, -'.yaml'.length), text: readFileSync(join(SHIPPED, name), 'utf8') }));
const directory = mkdtempSync(join(tmpdir(), 'kakehashi-catalog-bench-'));
try {
  let bytes = 0;
  for (let index = 0; index < PROCEDURES; index++) {
    const { id, text } = variant(bases[index % bases.length]!, index);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(directory, `${id}.yaml`), text);
  }

  const cacheFile = join(directory, '..', `${basename(directory)}-cache.json`);
  const timed = async (load: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await load();
    return performance.now() - started;
  };
  const firstWithCache = await timed(() => loadCatalog(directory, { cacheFile }));
  const restartTimes: number[] = [];
  const changedTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    restartTimes.push(await timed(() => loadCatalog(directory, { cacheFile })));
    const edited = join(directory, readdirSync(directory)[run]!);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title:\n  ja: /m, 'title:\n  ja: 改'));
    changedTimes.push(await timed(() => loadCatalog(directory, { cacheFile })));
  }
  rmSync(cacheFile);

  const loadTimes: number[] = [];
  const loadCpuTimes: number[] = [];
  const compileTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const catalog = await loadCatalog(directory);
    const loaded = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    loadCpuTimes.push((cpu.user + cpu.system) / 1000);
    for (const compiled of catalog.list()) {
      void compiled.formSchema;
      void compiled.jsonSchema;
    }
    const compiledAt = performance.now();
    if (catalog.list().length !== PROCEDURES) throw new Error(`loaded ${catalog.list().length} procedures`);
    loadTimes.push(loaded - started);
    compileTimes.push(compiledAt - started);
  }

  const calibration = median([calibrationMs(), calibrationMs(), calibrationMs()]);
  const load = median(loadTimes);
  const all = median(compileTimes);
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}, 10M-iteration loop ${calibration.toFixed(0)} ms`);
  console.log(`catalog files: ${PROCEDURES}, ${(bytes / 1024 / 1024).toFixed(1)} MiB of YAML; runs: ${loadTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`catalog.load ${PROCEDURES} procedures, first start (every file parsed and checked): ${load.toFixed(0)} ms (target < 1000 ms)`);
  // CPU time of the process during the load: what the load costs, whatever else the machine is running.
  console.log(`catalog.load ${PROCEDURES} procedures, first start, CPU time: ${median(loadCpuTimes).toFixed(0)} ms`);
  console.log(`catalog.load ${PROCEDURES} procedures, first start that also writes the catalog cache (one run): ${firstWithCache.toFixed(0)} ms`);
  console.log(`catalog.load ${PROCEDURES} procedures, restart with the catalog cache, no file changed: ${median(restartTimes).toFixed(0)} ms (runs: ${restartTimes.map((t) => t.toFixed(0)).join(', ')}; target < 1000 ms)`);
  console.log(`catalog.load ${PROCEDURES} procedures, restart with the catalog cache, one file changed: ${median(changedTimes).toFixed(0)} ms (runs: ${changedTimes.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`catalog.load+compile ${PROCEDURES} procedures (every zod schema and JSON Schema built): ${all.toFixed(0)} ms (target < 1000 ms)`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
