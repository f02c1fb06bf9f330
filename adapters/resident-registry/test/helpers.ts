import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { AdapterContext } from '../../../src/runner/adapter.js';
import { DEFAULT_RESIDENTS_FILE, type ResidentsFile } from '../simulator/residents-file.js';

/** The fixture the simulator serves, for expectations. */
export const FIXTURE = JSON.parse(readFileSync(DEFAULT_RESIDENTS_FILE, 'utf8')) as ResidentsFile;

/** The fixture resident with this 宛名番号. */
export function resident(atenaNumber: string) {
  const found = FIXTURE.residents.find((candidate) => candidate.atenaNumber === atenaNumber);
  if (!found) throw new Error(`no fixture resident ${atenaNumber}`);
  return found;
}

/** An adapter context with a silent logger and an optional caller signal. */
export function context(signal: AbortSignal = new AbortController().signal): AdapterContext {
  return { signal, log: pino({ level: 'silent' }), now: () => new Date('2026-04-01T09:00:00+09:00') };
}

/** Runs `action` and returns what it threw. */
export async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
