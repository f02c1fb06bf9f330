/**
 * Golden tests of the real mappings: every `mappings/<system>/<procedure>.yaml`
 * must have at least one `fixtures/mappings/<system>/<procedure>/<case>.input.json`
 * with its `.expected.json`. Inputs are checked against the procedure's form
 * first (a fixture the frontend could not submit proves nothing), and every
 * mapped record must be one the system's adapter accepts. An input may carry
 * the application's facts (`application`); without them the application is
 * taken as received at the fixture clock's instant.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageRecordSchemas } from '../../adapters/resident-registry/wire.js';
import { taxRequestRecordSchema } from '../../adapters/tax/request-record.js';
import { createRecordSchemas } from '../../adapters/welfare/records.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { InputError } from '../../src/errors.js';
import { applyMapping } from '../../src/mapping/engine.js';
import { procedureShapesOf } from '../../src/mapping/form-pointers.js';
import { loadMappings } from '../../src/mapping/load-mappings.js';
import type { ApplicationFacts } from '../../src/mapping/mapping.js';
import { tokyoDateOf } from '../../src/mapping/tokyo-date.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';

const MAPPINGS = 'mappings';
const FIXTURES = join('fixtures', 'mappings');
const clock = JSON.parse(readFileSync(join('fixtures', 'applications', 'fixture-clock.json'), 'utf8')) as { now: string };

const receivedAtClock: ApplicationFacts = { id: 'app-golden', receivedAt: new Date(clock.now).toISOString(), receivedOn: tokyoDateOf(clock.now) };

const catalog = await loadCatalog(join(MAPPINGS, 'procedures'), { clock: () => new Date(clock.now) });
const mappings = await loadMappings(MAPPINGS, { procedures: procedureShapesOf(catalog), transforms: createTransformRegistry() });

const mappingFiles = readdirSync(MAPPINGS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'procedures')
  .flatMap((system) => readdirSync(join(MAPPINGS, system.name)).filter((name) => name.endsWith('.yaml')).map((name) => ({ system: system.name, procedure: name.slice(0, -5) })));

/** What a mapped record must satisfy to be accepted by the system's adapter. */
const welfareSchemas = createRecordSchemas();
function adapterAccepts(system: string, operation: string, record: unknown): { success: boolean; error?: unknown } {
  if (system === 'tax') return taxRequestRecordSchema.safeParse(record);
  if (system === 'welfare') return welfareSchemas[operation as keyof typeof welfareSchemas].safeParse(record);
  if (system === 'resident-registry') return messageRecordSchemas[operation as keyof typeof messageRecordSchemas].safeParse(record);
  throw new Error(`no adapter check for ${system}`);
}

describe('mapping fixtures', () => {
  it('exist for every mapping file', () => {
    expect(mappingFiles.length).toBeGreaterThan(0);
    for (const { system, procedure } of mappingFiles) {
      const folder = join(FIXTURES, system, procedure);
      const cases = existsSync(folder) ? readdirSync(folder) : [];
      expect(cases.filter((name) => name.endsWith('.input.json')), `${folder} has no <case>.input.json`).not.toHaveLength(0);
      for (const name of cases) {
        const pair = name.endsWith('.input.json') ? name.replace('.input.json', '.expected.json') : name.replace('.expected.json', '.input.json');
        expect(cases, `${folder}/${name} has no ${pair}`).toContain(pair);
      }
    }
  });

  it('are all loaded as mappings', () => {
    expect(mappings.list().map((mapping) => `${mapping.system}/${mapping.procedure}`).sort()).toEqual(mappingFiles.map(({ system, procedure }) => `${system}/${procedure}`).sort());
  });
});

for (const { system, procedure } of mappingFiles) {
  const folder = join(FIXTURES, system, procedure);
  const cases = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.input.json')).map((name) => name.slice(0, -'.input.json'.length)) : [];
  describe(`${system}/${procedure}`, () => {
    it.each(cases)('%s', (name) => {
      const input = JSON.parse(readFileSync(join(folder, `${name}.input.json`), 'utf8')) as { form: unknown; steps: Record<string, { result: unknown }>; application?: ApplicationFacts };
      const expected = JSON.parse(readFileSync(join(folder, `${name}.expected.json`), 'utf8')) as { record?: unknown; error?: { code: string; issues: unknown[] } };
      const validation = catalog.get(procedure)!.validateForm(input.form);
      expect(validation, 'the input form must be one the frontend can submit').toMatchObject({ ok: true });
      if (!validation.ok) return;
      const mapping = mappings.get(system, procedure)!;
      const run = () => applyMapping(mapping, { form: validation.data, steps: input.steps, application: input.application ?? receivedAtClock });
      if (expected.error) {
        expect(run).toThrow(InputError);
        try {
          run();
        } catch (error) {
          expect({ code: (error as InputError).code, issues: (error as InputError).issues }).toEqual(expected.error);
        }
        return;
      }
      const record = JSON.parse(JSON.stringify(run()));
      expect(record).toEqual(expected.record);
      const accepted = adapterAccepts(system, mapping.operation, record);
      expect(accepted.error, `the ${system} adapter refuses the record`).toBeUndefined();
    });
  });
}
