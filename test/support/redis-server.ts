import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

const NOT_INSTALLED = 'redis-server could not be started; install it (apt-get install redis-server) so the store can be tested against a server it stops and restarts';
const notAnswering = (port: number) => `redis-server was started on port ${port} but did not answer PING within 5 s`;

/** A redis-server of the test's own on a free port, without persistence, that the test can stop and start again on the same port. */
export interface OwnRedisServer {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a redis-server child process on a free port. */
export async function startOwnRedisServer(): Promise<OwnRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: OwnRedisServer = {
    port,
    start: async () => {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore', env: withoutFakeClock(process.env) });
      const failed = new Promise<never>((_, reject) => child!.once('error', () => reject(new Error(NOT_INSTALLED))));
      await Promise.race([answering(port), failed]);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}

/**
 * The environment without libfaketime's variables. Under `npm run test:clock-ahead`
 * the tests inherit LD_PRELOAD and FAKETIME; redis-server does not start under
 * them, and the clock run is about the gateway's dates, not the server's.
 */
export function withoutFakeClock(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')));
}

/** Resolves once a server answers PING on `port`, trying for 5 s. */
async function answering(port: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(notAnswering(port));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
}
