import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after
 * the other (they measure throughput; running them side by side would skew each
 * other on a small machine). `npm run bench -- intake` runs the ones whose name matches.
 */
const filter = process.argv[2];
const directory = 'test/bench';
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(directory, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
