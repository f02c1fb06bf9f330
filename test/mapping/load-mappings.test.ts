import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { loadMappings } from '../../src/mapping/load-mappings.js';
import type { MappingContext } from '../../src/mapping/compile-mapping.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';
import { MAX_YAML_FILE_BYTES } from '../../src/yaml/yaml-file.js';

const context: MappingContext = {
  procedures: new Map([['tax-certificate', { formPointers: new Set(['/applicant/name']) }]]),
  transforms: createTransformRegistry(),
};

const good = 'system: tax\nprocedure: tax-certificate\noperation: certificate-request\nfields:\n  - { to: /record/name, from: /form/applicant/name, required: true }\n';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kakehashi-mappings-'));
  await mkdir(join(directory, 'tax'));
  await mkdir(join(directory, 'procedures'));
  await writeFile(join(directory, 'procedures', 'tax-certificate.yaml'), 'id: tax-certificate\n');
});
afterEach(async () => rm(directory, { recursive: true, force: true }));

async function failure(): Promise<ConfigurationError> {
  const error = await loadMappings(directory, context).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('loadMappings', () => {
  it('loads mappings by system and procedure, skipping the catalog folder', async () => {
    await writeFile(join(directory, 'tax', 'tax-certificate.yaml'), good);
    await writeFile(join(directory, 'tax', 'README.md'), '# not a mapping');
    const set = await loadMappings(directory, context);
    expect(set.list()).toHaveLength(1);
    expect(set.get('tax', 'tax-certificate')?.operation).toBe('certificate-request');
    expect(set.get('welfare', 'tax-certificate')).toBeUndefined();
  });

  it('requires the folder and file name to match system and procedure', async () => {
    await mkdir(join(directory, 'welfare'));
    await writeFile(join(directory, 'welfare', 'tax-certificate.yaml'), good);
    const error = await failure();
    expect(error.path).toBe('/system');
    expect(error.file).toMatch(/welfare[/\\]tax-certificate\.yaml$/);
  });

  it('names the file and entry path of a broken mapping', async () => {
    await writeFile(join(directory, 'tax', 'tax-certificate.yaml'), good.replace('required: true', 'transform: no.such'));
    const error = await failure();
    expect(error.path).toBe('/fields/0/transform');
    expect(error.message).toMatch(/tax-certificate\.yaml at \/fields\/0\/transform: unknown transform no\.such/);
  });

  it('refuses invalid YAML, duplicate keys, aliases, .yml and oversized files', async () => {
    const file = join(directory, 'tax', 'tax-certificate.yaml');
    await writeFile(file, 'system: tax\nsystem: tax\n');
    expect((await failure()).message).toMatch(/duplicate key/);
    await writeFile(file, 'a: &x [1]\nb: *x\n');
    expect((await failure()).message).toMatch(/aliases/);
    await writeFile(file, `${good}# ${'x'.repeat(MAX_YAML_FILE_BYTES)}\n`);
    expect((await failure()).message).toMatch(/larger than/);
    await rm(file);
    await writeFile(join(directory, 'tax', 'tax-certificate.yml'), good);
    expect((await failure()).message).toMatch(/end in \.yaml/);
  });

  it('keeps a __proto__ key in YAML as data and refuses it', async () => {
    await writeFile(join(directory, 'tax', 'tax-certificate.yaml'), `${good}__proto__: { polluted: true }\n`);
    const error = await failure();
    expect(error.path).toBe('/__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
