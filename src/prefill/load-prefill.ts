/**
 * Loads `mappings/prefill.yaml` at boot, checked against the catalog. Any
 * problem stops the start with a ConfigurationError naming the file and the
 * path inside it, like a broken procedure file.
 */
import { describeConfigIssue } from '../catalog/config-issues.js';
import { toPointer } from '../catalog/json-pointer.js';
import type { Catalog } from '../catalog/procedure.js';
import { ConfigurationError } from '../errors.js';
import { checkPrefill, type PrefillMappings } from './check-prefill.js';
import { PrefillFileSchema } from './prefill-schema.js';
import { readYamlFile } from '../yaml/yaml-file.js';

/** Reads and checks the prefill declarations in `file` (under the one YAML policy, src/yaml); throws ConfigurationError. */
export function loadPrefill(file: string, catalog: Catalog): PrefillMappings {
  const data = readYamlFile(file, 'cannot be read (prefill needs it)');
  const parsed = PrefillFileSchema.safeParse(data);
  if (!parsed.success) {
    const described = describeConfigIssue(parsed.error.issues[0]!, data);
    throw new ConfigurationError(described.message, { file, path: toPointer(described.path) });
  }
  const mappings = checkPrefill(parsed.data, catalog);
  if ('message' in mappings) throw new ConfigurationError(mappings.message, { file, path: toPointer(mappings.path as string[]) });
  return mappings;
}
