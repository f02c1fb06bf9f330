import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `args` under tsx and resolves once it prints its `{ "port": … }`
 * line, with the URL of `path` on that port. `BENCH_TARGET_NODE_OPTIONS`
 * adds node flags (a CPU profile …) to the target.
 */
export function startServer(args: string[], env: Record<string, string>, path: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const nodeOptions = process.env.BENCH_TARGET_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let port: number | undefined;
      try {
        port = (JSON.parse(line) as { port?: number }).port;
      } catch {
        return; // a log line, not the port announcement
      }
      if (port) resolve({ url: `http://127.0.0.1:${port}${path}`, stop: () => (child.kill('SIGTERM'), exited) });
    });
  });
}

/** The median of some figures. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
