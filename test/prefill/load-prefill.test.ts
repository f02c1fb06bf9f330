import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/catalog/procedure.js';
import { loadPrefill } from '../../src/prefill/load-prefill.js';

describe('mappings/prefill.yaml', () => {
  let catalog: Catalog;
  let directory: string;
  beforeAll(async () => {
    catalog = await loadCatalog('mappings/procedures');
    directory = mkdtempSync(join(tmpdir(), 'kakehashi-prefill-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function prefillFile(text: string): string {
    const file = join(directory, `prefill-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return file;
  }

  it('declares the applicant fields of every procedure a resident applies for themselves', () => {
    const mappings = loadPrefill('mappings/prefill.yaml', catalog);
    expect([...mappings.keys()].sort()).toEqual(['child-allowance', 'juminhyo-copy', 'moving-out', 'tax-certificate', 'tax-payment-certificate']);
  });

  it.each([
    ['a procedure the catalog does not have', 'procedures:\n  jumin-hyo:\n    fields: { /applicant/name: name }\n', 'at /procedures/jumin-hyo: is not a procedure of the catalog'],
    ['a fact onto a field of another kind', 'procedures:\n  juminhyo-copy:\n    fields: { /applicant/email: address }\n', 'is of kind email; address fills fields of kind address'],
    ['a field inside a repeated group', 'procedures:\n  moving-out:\n    fields: { /members/name: name }\n', 'is inside a repeated group'],
    ['個人番号 as a fact', 'procedures:\n  child-allowance:\n    fields: { /claimant/myNumber: myNumber }\n', 'expected one of name, kana, birthDate, gender, postalCode, address'],
    ['a household pointer that is no repeated group', 'procedures:\n  juminhyo-copy:\n    household: { pointer: /applicant, fields: { name: name } }\n', 'is not a repeated group'],
  ])('refuses %s, naming the file and the place in it', (_name, text, message) => {
    const file = prefillFile(text);
    expect(() => loadPrefill(file, catalog)).toThrow(file);
    expect(() => loadPrefill(file, catalog)).toThrow(message);
  });
});
