import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fakeClockEnv, nextWholeSecond } from './fake-clock-env.js';

/** The bundled simulators on free ports, so a test gateway never collides with a running one. */
const SIMULATORS_ON_FREE_PORTS = join(tmpdir(), `kakehashi-free-ports-${process.pid}.yaml`);
writeFileSync(SIMULATORS_ON_FREE_PORTS, 'simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0, identityProviderPort: 0 }\n');

/** A gateway running as its own process, as `npm start` runs it (through tsx, not built). */
export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

/**
 * Starts `src/main.ts` with `env` and resolves once it listens (port 0 → a
 * free port). With `clock`, the process's clock starts at `clock()` and runs
 * on (see fake-clock-env.ts), so processes started on one clock agree.
 */
export async function startGatewayProcess(env: Record<string, string>, options: { clock?: () => Date } = {}): Promise<GatewayProcess> {
  const base = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KAKEHASHI_CONFIG: SIMULATORS_ON_FREE_PORTS, ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: options.clock ? fakeClockEnv(base, await nextWholeSecond(options.clock)) : base,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('\n')}`)), 30_000);
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const port = (() => {
        try {
          return (JSON.parse(line) as { port?: number }).port;
        } catch {
          return undefined;
        }
      })();
      if (port) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, output, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output.join('\n')}`));
    });
  });
}
