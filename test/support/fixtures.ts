import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = 'fixtures/applications';

/** The valid sample submissions of a procedure, by file name. */
export function validSamples(procedureId: string): [string, Record<string, unknown>][] {
  const directory = join(ROOT, procedureId);
  return readdirSync(directory)
    .filter((name) => name.startsWith('valid-') && name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(join(directory, name), 'utf8')) as Record<string, unknown>]);
}

/** The first valid sample of a procedure. */
export function validSample(procedureId: string): Record<string, unknown> {
  const first = validSamples(procedureId)[0];
  if (!first) throw new Error(`no valid sample for ${procedureId} in ${ROOT}`);
  return structuredClone(first[1]);
}

/** Invalid samples with the issues they must produce. */
export function invalidSamples(procedureId: string): [string, { body: Record<string, unknown>; expect: { pointer: string; code: string }[] }][] {
  const directory = join(ROOT, procedureId);
  return readdirSync(directory)
    .filter((name) => name.startsWith('invalid-') && name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(join(directory, name), 'utf8'))]);
}

/** Every procedure that has samples. */
export function procedureIdsWithSamples(): string[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Sets the business name of a business-support-grant sample (tests tell submissions apart by it). */
export function withBusinessName(sample: Record<string, unknown>, name: string): Record<string, unknown> {
  ((sample.form as Record<string, unknown>)['business'] as Record<string, unknown>)['name'] = name;
  return sample;
}
