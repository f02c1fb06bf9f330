/**
 * Loads `mappings/finder.yaml` at boot, with the catalog it points into. Any
 * problem stops the start with a ConfigurationError naming the file and the
 * path inside it, like a broken procedure file.
 */
import type { Catalog } from '../catalog/procedure.js';
import { describeConfigIssue } from '../catalog/config-issues.js';
import { toPointer } from '../catalog/json-pointer.js';
import { readYaml, YamlProblem } from '../catalog/read-yaml.js';
import { ConfigurationError } from '../errors.js';
import { readRegularFileSync, type RegularFileRead } from '../files/read-regular-file.js';
import { checkFinder } from './check-finder.js';
import { FinderFileSchema } from './finder-schema.js';
import type { FinderTree } from './finder-tree.js';

/** Largest finder file accepted, in bytes. */
export const MAX_FINDER_FILE_BYTES = 1024 * 1024;

/** Reads, checks and builds the finder tree in `file`; throws ConfigurationError. */
export function loadFinder(file: string, catalog: Catalog): FinderTree {
  let read: RegularFileRead;
  try {
    read = readRegularFileSync(file, MAX_FINDER_FILE_BYTES);
  } catch (cause) {
    throw new ConfigurationError('cannot be read (the procedure finder needs it)', { file }, { cause });
  }
  if (read.kind === 'not-a-file') throw new ConfigurationError('not a regular file', { file });
  if (read.kind === 'too-large') throw new ConfigurationError(`larger than ${MAX_FINDER_FILE_BYTES} bytes`, { file });
  let data: unknown;
  try {
    data = readYaml(read.bytes.toString('utf8'));
  } catch (cause) {
    if (cause instanceof YamlProblem) throw new ConfigurationError(cause.message, { file, path: cause.path }, { cause });
    throw new ConfigurationError('cannot be read as YAML', { file }, { cause });
  }
  const parsed = FinderFileSchema.safeParse(data);
  if (!parsed.success) {
    const described = describeConfigIssue(parsed.error.issues[0]!, data);
    throw new ConfigurationError(described.message, { file, path: toPointer(described.path) });
  }
  const tree = checkFinder(parsed.data, catalog);
  if ('message' in tree) throw new ConfigurationError(tree.message, { file, path: toPointer(tree.path) });
  return tree;
}
