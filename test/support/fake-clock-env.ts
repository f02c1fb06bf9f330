import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withoutFakeClock } from './redis-server.js';

const LIBRARY_ROOT = '/usr/lib';

function libfaketime(): string {
  for (const triplet of readdirSync(LIBRARY_ROOT)) {
    const candidate = join(LIBRARY_ROOT, triplet, 'faketime', 'libfaketime.so.1');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('libfaketime is not installed: apt-get install faketime (bash scripts/test-prerequisites.sh does)');
}

/** Waits until `clock` is at a whole second and returns that second: libfaketime starts a clock at whole seconds only. */
export async function nextWholeSecond(clock: () => Date): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - clock().getMilliseconds()));
  return new Date(Math.round(clock().getTime() / 1000) * 1000);
}

/**
 * The environment of a child process whose clock starts at `at` and runs at
 * real speed (libfaketime preloaded; the `faketime` command would fork, and a
 * SIGKILL to it would leave the real process running). Processes started
 * this way at `clock()` on one whole second share one timeline.
 */
export function fakeClockEnv(env: NodeJS.ProcessEnv, at: Date): NodeJS.ProcessEnv {
  return { ...withoutFakeClock(env), TZ: 'UTC', LD_PRELOAD: libfaketime(), FAKETIME: `@${at.toISOString().slice(0, 19).replace('T', ' ')}` };
}
