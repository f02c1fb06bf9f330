import { readFileSync } from 'node:fs';
import { DEFAULT_RESIDENTS_FILE, type ResidentsFile } from '../../../adapters/resident-registry/simulator/residents-file.js';

/** The fixture the simulator serves, for expectations. */
export const FIXTURE = JSON.parse(readFileSync(DEFAULT_RESIDENTS_FILE, 'utf8')) as ResidentsFile;

/** The fixture resident with this 宛名番号. */
export function resident(atenaNumber: string) {
  const found = FIXTURE.residents.find((candidate) => candidate.atenaNumber === atenaNumber);
  if (!found) throw new Error(`no fixture resident ${atenaNumber}`);
  return found;
}

export { context, thrown } from '../support/adapter-context.js';
