import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { loadConfig } from '../../src/config.js';
import { ConfigurationError } from '../../src/errors.js';
import { loadMappings } from '../../src/mapping/load-mappings.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';
import { MAX_YAML_FILE_BYTES } from '../../src/yaml/yaml-file.js';
import { sampleProcedure } from '../catalog/procedure-files.js';

/** Hostile additions to an otherwise valid file, with the path and message each must be refused with. */
const HOSTILE: [name: string, addition: string, path: string | undefined, message: RegExp][] = [
  ['an alias', 'extra: &a [1]\nagain: *a\n', '/again', /aliases are not allowed/],
  ['a custom tag', 'extra: !js/function "return 1"\n', '/extra', /tags are not allowed/],
  ['a duplicate key', 'extra: 1\nextra: 2\n', '/extra', /duplicate key/],
  ['a __proto__ key', '__proto__: { polluted: true }\n', '/__proto__', /'__proto__' is not allowed/],
  ['a nested constructor key', 'extra: { constructor: { prototype: 1 } }\n', '/extra/constructor', /'constructor' is not allowed/],
  ['an oversized file', `# ${'x'.repeat(MAX_YAML_FILE_BYTES)}\n`, undefined, new RegExp(`larger than ${MAX_YAML_FILE_BYTES} bytes`)],
];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kakehashi-yaml-policy-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

function expectRefusal(error: unknown, path: string | undefined, message: RegExp): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).path).toBe(path);
  expect((error as Error).message).toMatch(message);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('one YAML policy for configuration, catalog and mappings', () => {
  it.each(HOSTILE)('refuses %s in the configuration file', async (name, addition, path, message) => {
    const file = join(directory, `config-${name.replaceAll(' ', '-')}.yaml`);
    await writeFile(file, `port: 8080\n${addition}`);
    let error: unknown;
    try {
      loadConfig({ KAKEHASHI_CONFIG: file });
    } catch (caught) {
      error = caught;
    }
    expectRefusal(error, path, message);
  });

  it.each(HOSTILE)('refuses %s in a procedure file', async (name, addition, path, message) => {
    const catalog = join(directory, `catalog-${name.replaceAll(' ', '-')}`);
    await mkdir(catalog);
    await writeFile(join(catalog, 'sample-request.yaml'), `${stringify(sampleProcedure())}${addition}`);
    expectRefusal(await loadCatalog(catalog).catch((caught: unknown) => caught), path, message);
  });

  it.each(HOSTILE)('refuses %s in a mapping file', async (name, addition, path, message) => {
    const mappings = join(directory, `mappings-${name.replaceAll(' ', '-')}`);
    await mkdir(join(mappings, 'tax'), { recursive: true });
    const good = 'system: tax\nprocedure: tax-certificate\noperation: certificate-request\nfields:\n  - { to: /record/name, from: /form/applicant/name, required: true }\n';
    await writeFile(join(mappings, 'tax', 'tax-certificate.yaml'), `${good}${addition}`);
    const context = { procedures: new Map([['tax-certificate', { formPointers: new Set(['/applicant/name']) }]]), transforms: createTransformRegistry() };
    expectRefusal(await loadMappings(mappings, context).catch((caught: unknown) => caught), path, message);
  });
});
