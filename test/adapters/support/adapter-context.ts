import pino from 'pino';
import type { AdapterContext } from '../../../src/runner/adapter.js';

/** An adapter context with a silent logger and an optional caller signal, for adapter tests. */
export function context(signal: AbortSignal = new AbortController().signal): AdapterContext {
  return { signal, log: pino({ level: 'silent' }), now: () => new Date('2026-04-01T09:00:00+09:00') };
}

/** Runs `action` and returns what it threw; fails when it does not throw. */
export async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
