import { ConfigurationError } from '../errors.js';
import { readRegularFileSync, type RegularFileRead } from '../files/read-regular-file.js';
import { readYaml, YamlProblem } from './read-yaml.js';

/** Largest YAML file read (configuration, procedure, finder or mapping file), in bytes. */
export const MAX_YAML_FILE_BYTES = 1024 * 1024;

/**
 * The bytes of a YAML file: a regular file of at most MAX_YAML_FILE_BYTES.
 * Throws ConfigurationError naming the file; `unreadable` says what a missing
 * file means to the caller.
 */
export function readYamlFileBytes(file: string, unreadable = 'cannot be read'): Buffer {
  let read: RegularFileRead;
  try {
    read = readRegularFileSync(file, MAX_YAML_FILE_BYTES);
  } catch (cause) {
    throw new ConfigurationError(`${unreadable} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file }, { cause });
  }
  if (read.kind === 'not-a-file') throw new ConfigurationError('not a regular file', { file });
  if (read.kind === 'too-large') throw new ConfigurationError(`larger than ${MAX_YAML_FILE_BYTES} bytes`, { file });
  return read.bytes;
}

/** The data of a YAML file's text under the policy of `read-yaml.ts`; throws ConfigurationError naming the file and the path inside it. */
export function parseYamlFile(file: string, text: string): unknown {
  try {
    return readYaml(text);
  } catch (cause) {
    if (cause instanceof YamlProblem) throw new ConfigurationError(cause.message, { file, path: cause.path }, { cause });
    throw new ConfigurationError('cannot be read as YAML', { file }, { cause });
  }
}

/** Reads and parses a YAML file under the policy. */
export function readYamlFile(file: string, unreadable?: string): unknown {
  return parseYamlFile(file, readYamlFileBytes(file, unreadable).toString('utf8'));
}
