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
 */
const CONCURRENCY = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
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
const configFile = join(dataDirectory, 'kakehashi.yaml');
writeFileSync(configFile, settings);
// the same gateway as an intake-only process (runner.enabled false), on its own data
const intakeOnlyDirectory = join(dataDirectory, 'intake-only');
const intakeOnlyConfigFile = join(dataDirectory, 'intake-only.yaml');
writeFileSync(intakeOnlyConfigFile, `${settings}runner: { enabled: false }\n`);

async function measureGateway(data: string, config: string, label: string): Promise<LoadResult> {
  const gateway = await startServer(['src/main.ts'], { PORT: '0', HOST: '127.0.0.1', KAKEHASHI_DATA_DIR: data, KAKEHASHI_CONFIG: config, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' });
  try {
    return await measure(gateway.url, label);
  } finally {
    gateway.stop();
  }
}

try {
  const bare = await startServer(['test/bench/bare-hono-server.ts'], {});
  const bareResult = await measure(bare.url, 'bare');
  bare.stop();

  const gatewayResult = await measureGateway(dataDirectory, configFile, 'gateway');
  const intakeOnlyResult = await measureGateway(intakeOnlyDirectory, intakeOnlyConfigFile, 'intake-only');

  const ratio = gatewayResult.perSecond / bareResult.perSecond;
  const line = (name: string, r: LoadResult) =>
    `${name}: ${r.perSecond.toFixed(0)} req/s (202s ${r.okResponses}/${r.requests} in ${r.seconds.toFixed(1)} s), p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`;
  console.log(line(`intake.durable concurrency=${CONCURRENCY} fsync'd`, gatewayResult));
  console.log(line(`reference bare Hono handler concurrency=${CONCURRENCY}`, bareResult));
  console.log(`intake.ratio: ${(ratio * 100).toFixed(1)}% of the bare handler (target ≥ 35%)`);
  console.log(line(`for comparison, an intake-only process (runner.enabled false; routes left to another process)`, intakeOnlyResult));
  console.log(`intake-only.ratio: ${((intakeOnlyResult.perSecond / bareResult.perSecond) * 100).toFixed(1)}% of the bare handler`);
  if (gatewayResult.okResponses !== gatewayResult.requests || intakeOnlyResult.okResponses !== intakeOnlyResult.requests) process.exitCode = 1;
} finally {
  rmSync(dataDirectory, { recursive: true, force: true });
}
