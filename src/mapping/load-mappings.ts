/**
 * Loads every mapping under `mappings/<system>/<procedure>.yaml` at boot
 * (`mappings/procedures/` is the catalog and is skipped). A file's `system`
 * and `procedure` must match its folder and name, so the path always tells
 * what a file maps. Any problem stops the start with a ConfigurationError
 * naming the file and the path inside it.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { compileMapping } from './compile-mapping.js';
import type { MappingContext } from './compile-mapping.js';
import type { CompiledMapping } from './mapping.js';
import { readYamlFile } from '../yaml/yaml-file.js';

/** The folder of the procedure catalog, which holds no mappings. */
const CATALOG_FOLDER = 'procedures';

/** The loaded mappings. */
export interface MappingSet {
  get(system: string, procedure: string): CompiledMapping | undefined;
  list(): CompiledMapping[];
}

/** Reads, checks and compiles every mapping file below `directory`. */
export async function loadMappings(directory: string, context: MappingContext): Promise<MappingSet> {
  const mappings = new Map<string, CompiledMapping>();
  const systems = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isDirectory() && entry.name !== CATALOG_FOLDER);
  for (const system of systems.sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = join(directory, system.name);
    const files = (await readdir(folder)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
    for (const name of files) {
      const path = join(folder, name);
      const file = relative(process.cwd(), path) || path;
      if (name.endsWith('.yml')) throw new ConfigurationError('mapping files end in .yaml', { file });
      const mapping = compileMapping(readYamlFile(file), file, context);
      if (mapping.system !== system.name) throw new ConfigurationError(`system ${mapping.system} in the folder of ${system.name}`, { file, path: '/system' });
      if (mapping.procedure !== name.slice(0, -'.yaml'.length)) throw new ConfigurationError(`procedure ${mapping.procedure} in a file named ${name}`, { file, path: '/procedure' });
      mappings.set(`${mapping.system}/${mapping.procedure}`, mapping);
    }
  }
  return {
    get: (system, procedure) => mappings.get(`${system}/${procedure}`),
    list: () => [...mappings.values()],
  };
}
