import { spawn } from 'node:child_process';
import type { Result } from 'autocannon';

/** What a load generator prints, one JSON line: 2xx per second, latency, and what went wrong. */
export interface Figure {
  perSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

/** The figure of one autocannon run of `seconds`. */
export function figureOf(result: Result, seconds: number): Figure {
  const ok = result['2xx'];
  return {
    perSecond: ok / (result.duration || seconds),
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** Runs a load generator script of test/bench/ in its own process and resolves to the figure it prints. */
export function runLoadGenerator(script: string, args: string[]): Promise<Figure> {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/bench/${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as Figure) : reject(new Error(`${script} exited with ${code}`)))),
  );
}
