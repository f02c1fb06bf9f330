/**
 * Loads `mappings/finder.yaml` at boot, with the catalog it points into. Any
 * problem stops the start with a ConfigurationError naming the file and the
 * path inside it, like a broken procedure file.
 */
import type { Catalog } from '../catalog/procedure.js';
import { describeConfigIssue } from '../catalog/config-issues.js';
import { toPointer } from '../catalog/json-pointer.js';
import { ConfigurationError } from '../errors.js';
import { checkFinder } from './check-finder.js';
import { FinderFileSchema } from './finder-schema.js';
import type { FinderTree } from './finder-tree.js';
import { readYamlFile } from '../yaml/yaml-file.js';

/** Reads, checks and builds the finder tree in `file`; throws ConfigurationError. */
export function loadFinder(file: string, catalog: Catalog): FinderTree {
  const data = readYamlFile(file, 'cannot be read; the procedure finder needs it');
  const parsed = FinderFileSchema.safeParse(data);
  if (!parsed.success) {
    const described = describeConfigIssue(parsed.error.issues[0]!, data);
    throw new ConfigurationError(described.message, { file, path: toPointer(described.path) });
  }
  const tree = checkFinder(parsed.data, catalog);
  if ('message' in tree) throw new ConfigurationError(tree.message, { file, path: toPointer(tree.path) });
  return tree;
}
