import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fakeClockEnv, nextWholeSecond } from '../fake-clock-env.js';
import type { SimulatorsAddresses, SimulatorsLedger, SimulatorsSettings } from './settings.js';

/** The simulators running in a process of their own (main.ts). */
export interface SimulatorsProcess extends SimulatorsAddresses {
  ledger(): Promise<SimulatorsLedger>;
  stop(): Promise<void>;
}

/** Starts the simulators process on `clock`'s timeline and resolves with its addresses. */
export async function startSimulatorsProcess(settings: SimulatorsSettings, clock: () => Date): Promise<SimulatorsProcess> {
  const env = fakeClockEnv({ ...process.env, SIMULATORS_SETTINGS: JSON.stringify(settings) }, await nextWholeSecond(clock));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/simulators-process/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const addresses = await new Promise<SimulatorsAddresses>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulators did not start:\n${output.join('')}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as SimulatorsAddresses);
    });
    void exited.then(() => reject(new Error(`the simulators exited:\n${output.join('')}`)));
  });
  return {
    ...addresses,
    ledger: async () => (await (await fetch(`${addresses.ledgerUrl}/ledger`)).json()) as SimulatorsLedger,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
