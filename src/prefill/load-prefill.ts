/**
 * Loads `mappings/prefill.yaml` at boot, checked against the catalog. Any
 * problem stops the start with a ConfigurationError naming the file and the
 * path inside it, like a broken procedure file.
 */
import { describeConfigIssue } from '../catalog/config-issues.js';
import { toPointer } from '../catalog/json-pointer.js';
import type { Catalog } from '../catalog/procedure.js';
import { readYaml, YamlProblem } from '../catalog/read-yaml.js';
import { ConfigurationError } from '../errors.js';
import { readRegularFileSync, type RegularFileRead } from '../files/read-regular-file.js';
import { checkPrefill, type PrefillMappings } from './check-prefill.js';
import { PrefillFileSchema } from './prefill-schema.js';

/** Largest prefill file accepted, in bytes. */
export const MAX_PREFILL_FILE_BYTES = 256 * 1024;

/** Reads and checks the prefill declarations in `file`; throws ConfigurationError. */
export function loadPrefill(file: string, catalog: Catalog): PrefillMappings {
  let read: RegularFileRead;
  try {
    read = readRegularFileSync(file, MAX_PREFILL_FILE_BYTES);
  } catch (cause) {
    throw new ConfigurationError('cannot be read (prefill needs it)', { file }, { cause });
  }
  if (read.kind === 'not-a-file') throw new ConfigurationError('not a regular file', { file });
  if (read.kind === 'too-large') throw new ConfigurationError(`larger than ${MAX_PREFILL_FILE_BYTES} bytes`, { file });
  let data: unknown;
  try {
    data = readYaml(read.bytes.toString('utf8'));
  } catch (cause) {
    if (cause instanceof YamlProblem) throw new ConfigurationError(cause.message, { file, path: cause.path }, { cause });
    throw new ConfigurationError('cannot be read as YAML', { file }, { cause });
  }
  const parsed = PrefillFileSchema.safeParse(data);
  if (!parsed.success) {
    const described = describeConfigIssue(parsed.error.issues[0]!, data);
    throw new ConfigurationError(described.message, { file, path: toPointer(described.path) });
  }
  const mappings = checkPrefill(parsed.data, catalog);
  if ('message' in mappings) throw new ConfigurationError(mappings.message, { file, path: toPointer(mappings.path as string[]) });
  return mappings;
}
