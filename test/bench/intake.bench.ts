import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runLoad, type LoadResult } from './load.js';

/**
 * Durable intake throughput over real HTTP (concurrency 64, SQLite WAL with
 * synchronous=FULL: every 202 is fsync'd) beside a bare Hono handler on the
 * same machine, measured the same way in the same run. The gateway is the dev
 * process as `npm start` runs it (route runner and simulators included); an
 * intake-only process is measured too, for comparison.
 *
 * This machine's speed drifts from minute to minute, so the pair is measured in
 * several rounds, each a bare run followed by fresh gateway processes on fresh
 * data; every round is printed, and the figure is the median round.
 */
const CONCURRENCY = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const sample = readFileSync('fixtures/applications/business-support-grant/valid-corporation.json', 'utf8');

async function startServer(args: string[], env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const port = (JSON.parse(line) as { port?: number }).port;
        if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') });
      } catch {
        // not a JSON line
      }
    });
  });
}

async function measure(url: string, label: string): Promise<LoadResult> {
  const run = `${label}-${process.pid}-${Date.now()}`;
  const send = (n: number) =>
    fetch(`${url}/v1/applications`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `${run}-${n}` },
      body: sample,
    });
  await runLoad({ concurrency: CONCURRENCY, seconds: 1, send: (n) => send(-1 - n), expectStatus: 202 });
  return runLoad({ concurrency: CONCURRENCY, seconds: SECONDS, send, expectStatus: 202 });
}

const dataDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-'));
// the bundled simulators on free ports, so the bench never collides with a running gateway,
// and the submission rate limit on (its cost is part of the figure) but far above the offered load
const settings =
  'simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0 }\n' +
  'rateLimits: { submissions: { limit: 1000000, windowSeconds: 1, burst: 1000000 } }\n';

/** One gateway process on its own fresh data directory; `extra` YAML is appended to the settings. */
async function measureGateway(label: string, extra = ''): Promise<LoadResult> {
  const data = mkdtempSync(join(dataDirectory, `${label}-`));
  const config = join(data, 'kakehashi.yaml');
  writeFileSync(config, settings + extra);
  const gateway = await startServer(['src/main.ts'], { PORT: '0', HOST: '127.0.0.1', KAKEHASHI_DATA_DIR: data, KAKEHASHI_CONFIG: config, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' });
  try {
    return await measure(gateway.url, label);
  } finally {
    gateway.stop();
  }
}

interface Round {
  bare: LoadResult;
  gateway: LoadResult;
  intakeOnly: LoadResult;
}

const line = (name: string, r: LoadResult) =>
  `${name}: ${r.perSecond.toFixed(0)} req/s (202s ${r.okResponses}/${r.requests} in ${r.seconds.toFixed(1)} s), p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`;
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const medianBy = (rounds: Round[], value: (round: Round) => number) => [...rounds].sort((a, b) => value(a) - value(b))[Math.floor(rounds.length / 2)]!;

try {
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const bare = await startServer(['test/bench/bare-hono-server.ts'], {});
    const bareResult = await measure(bare.url, 'bare');
    bare.stop();
    const gateway = await measureGateway('gateway');
    const intakeOnly = await measureGateway('intake-only', 'runner: { enabled: false }\n');
    rounds.push({ bare: bareResult, gateway, intakeOnly });
    console.log(
      `round ${round}: bare ${bareResult.perSecond.toFixed(0)} req/s, gateway ${gateway.perSecond.toFixed(0)} req/s (${percent(gateway.perSecond / bareResult.perSecond)}), ` +
        `intake-only ${intakeOnly.perSecond.toFixed(0)} req/s (${percent(intakeOnly.perSecond / bareResult.perSecond)})`,
    );
  }
  const ratio = (round: Round) => round.gateway.perSecond / round.bare.perSecond;
  const median = medianBy(rounds, ratio);
  console.log(`median round by ratio (${ROUNDS} rounds of ${SECONDS} s each):`);
  console.log(line(`intake.durable concurrency=${CONCURRENCY} fsync'd`, median.gateway));
  console.log(line(`reference bare Hono handler concurrency=${CONCURRENCY}`, median.bare));
  console.log(`intake.ratio: ${percent(ratio(median))} of the bare handler (target ≥ 35%; rounds: ${rounds.map((r) => percent(ratio(r))).join(', ')})`);
  const intakeOnlyRatio = (round: Round) => round.intakeOnly.perSecond / round.bare.perSecond;
  const medianIntakeOnly = medianBy(rounds, intakeOnlyRatio);
  console.log(line('for comparison, an intake-only process (runner.enabled false; routes left to another process)', medianIntakeOnly.intakeOnly));
  console.log(`intake-only.ratio: ${percent(intakeOnlyRatio(medianIntakeOnly))} of the bare handler (rounds: ${rounds.map((r) => percent(intakeOnlyRatio(r))).join(', ')})`);
  if (rounds.some((r) => r.gateway.okResponses !== r.gateway.requests || r.intakeOnly.okResponses !== r.intakeOnly.requests)) process.exitCode = 1;
} finally {
  rmSync(dataDirectory, { recursive: true, force: true });
}
