import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `npm run cli -- audit …` printed and its exit status. */
export interface AuditCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/cli/main.ts audit <args>` as its own process, with `env` added to a clean environment (the gateway's configuration variables). */
export async function runAuditCli(args: string[], env: Record<string, string>): Promise<AuditCliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KAKEHASHI_') && name !== 'NODE_ENV')) as Record<string, string>;
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['src/cli/main.ts', 'audit', ...args], { env: { ...clean, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
