import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A target process listening on a loopback port. */
export interface RunningServer {
  /** The base URL, `http://127.0.0.1:<port>`. */
  base: string;
  stop: () => Promise<void>;
}

/**
 * Starts `args` under tsx and resolves once it prints its `{ "port": … }` line.
 * BENCH_TARGET_NODE_OPTIONS adds node flags (a CPU profile, see README.md).
 */
export function startServer(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
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
      if (port) resolve({ base: `http://127.0.0.1:${port}`, stop: () => (child.kill('SIGTERM'), exited) });
    });
  });
}

// the bundled simulators on free ports, so the bench never collides with a running gateway,
// and the submission rate limit on (its cost is part of the figure) but far above the offered load
const GATEWAY_SETTINGS =
  'simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0, identityProviderPort: 0 }\n' +
  'rateLimits: { submissions: { limit: 1000000, windowSeconds: 1, burst: 1000000 } }\n';

/** Starts src/main.ts on `data` (its data directory) with `extra` YAML settings and extra environment. */
export function startGateway(data: string, extra: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = join(data, 'kakehashi.yaml');
  writeFileSync(config, GATEWAY_SETTINGS + extra);
  return startServer(['src/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    KAKEHASHI_DATA_DIR: data,
    KAKEHASHI_CONFIG: config,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...env,
  });
}
