import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { withoutFakeClock } from './redis-server.js';

const run = promisify(execFile);
const BIN_ROOT = '/usr/lib/postgresql';
const NOT_INSTALLED = `PostgreSQL's server programs are not under ${BIN_ROOT}/<version>/bin; install them (apt-get install postgresql) so the store can be tested against a server it stops and starts`;

/** A PostgreSQL server of the test's own (a fresh cluster on a free port), which the test can stop and start again. */
export interface OwnPostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  /** Fast shutdown: connected sessions end with admin_shutdown, new connections are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its cluster. */
  remove(): Promise<void>;
}

function binaries(): string {
  const versions = existsSync(BIN_ROOT) ? readdirSync(BIN_ROOT).filter((name) => existsSync(join(BIN_ROOT, name, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(NOT_INSTALLED);
  return join(BIN_ROOT, newest, 'bin');
}

/** initdb and the server refuse to run as root: as root, run them as the `postgres` user the Debian package creates. */
function asServerUser(program: string, args: string[]): Promise<unknown> {
  const env = withoutFakeClock(process.env);
  if (process.getuid?.() === 0) return run('runuser', ['-u', 'postgres', '--', program, ...args], { env });
  return run(program, args, { env });
}

/** Creates a cluster in a temporary directory and starts it on a free 127.0.0.1 port (about 2 s). */
export async function startOwnPostgresServer(): Promise<OwnPostgresServer> {
  const bin = binaries();
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-pg-'));
  const data = join(directory, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(directory, Number(stdout.trim()), Number(group.trim()));
  }
  await asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${directory} -c fsync=off -c max_connections=50`;
  const server: OwnPostgresServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(directory, 'server.log'), '-w', '-t', '20', 'start']);
    },
    stop: async () => {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    remove: async () => {
      await server.stop().catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
