import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { SubmissionSchema } from '../../src/intake/submission.js';
import { missingRequired } from './json-schema-required.js';

const FIXTURES = 'fixtures/applications';
const clock = JSON.parse(readFileSync(join(FIXTURES, 'fixture-clock.json'), 'utf8')) as { now: string };
const catalog = await loadCatalog('mappings/procedures', { clock: () => new Date(clock.now) });

interface Fixture {
  procedureId: string;
  file: string;
  content: any;
}

const fixtures: Fixture[] = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((directory) =>
    readdirSync(join(FIXTURES, directory.name))
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({
        procedureId: directory.name,
        file,
        content: JSON.parse(readFileSync(join(FIXTURES, directory.name, file), 'utf8')),
      })),
  );
const validFixtures = fixtures.filter((fixture) => fixture.file.startsWith('valid-'));
const invalidFixtures = fixtures.filter((fixture) => fixture.file.startsWith('invalid-'));

function byPointerAndCode(issues: { pointer: string; code: string }[]): string[] {
  return issues.map((issue) => `${issue.pointer} ${issue.code}`).sort();
}

/** Strings in a form that look like personal data: Japanese text (names, addresses), e-mail addresses, numbers. */
function personalStrings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && /[^\x00-\x7f]|@|[0-9]{5}/.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => personalStrings(item, found));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => personalStrings(item, found));
  return found;
}

describe('sample applications', () => {
  it('exist for every shipped procedure: at least 2 valid and 3 invalid', () => {
    for (const { procedure } of catalog.list()) {
      const own = fixtures.filter((fixture) => fixture.procedureId === procedure.id);
      expect(own.filter((fixture) => fixture.file.startsWith('valid-')).length, procedure.id).toBeGreaterThanOrEqual(2);
      expect(own.filter((fixture) => fixture.file.startsWith('invalid-')).length, procedure.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('belong to procedures of the catalog and are named valid-* or invalid-*', () => {
    for (const fixture of fixtures) {
      expect(catalog.get(fixture.procedureId), fixture.procedureId).toBeDefined();
      expect(fixture.file).toMatch(/^(valid|invalid)-[a-z0-9-]+\.json$/);
    }
  });

  it.each(validFixtures.map((fixture) => [`${fixture.procedureId}/${fixture.file}`, fixture] as const))('%s is accepted', (_name, fixture) => {
    const body = fixture.content;
    expect(body.procedureId).toBe(fixture.procedureId);
    expect(SubmissionSchema.safeParse(body).success).toBe(true);
    const compiled = catalog.get(fixture.procedureId)!;
    const result = compiled.validateForm(body.form);
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (body.issuance) expect(compiled.procedure.issuanceMethods).toContain(body.issuance.method);
    else expect(compiled.procedure.issuanceMethods).toEqual([]);
  });

  it.each(invalidFixtures.map((fixture) => [`${fixture.procedureId}/${fixture.file}`, fixture] as const))('%s fails with exactly its expected issues', (_name, fixture) => {
    const { body, expect: expected } = fixture.content as { body: any; expect: { pointer: string; code: string }[] };
    expect(body.procedureId).toBe(fixture.procedureId);
    expect(SubmissionSchema.safeParse(body).success, 'the body itself is well-formed; only the form is invalid').toBe(true);
    expect(expected.length).toBeGreaterThan(0);
    const result = catalog.get(fixture.procedureId)!.validateForm(body.form);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(byPointerAndCode(issues)).toEqual(byPointerAndCode(expected));
    const values = personalStrings(body.form);
    for (const issue of issues) {
      for (const value of values) expect(issue.message).not.toContain(value);
    }
  });
});

describe('the JSON Schema and the zod schema agree on required fields', () => {
  function withoutEach(form: unknown): { pointer: string; form: unknown }[] {
    const variants: { pointer: string; form: unknown }[] = [];
    const visit = (value: unknown, path: string[]): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const key of Object.keys(value)) {
        if (Array.isArray(value)) {
          visit(value[Number(key)], [...path, key]);
          continue;
        }
        const copy = structuredClone(form) as any;
        let parent = copy;
        for (const segment of path) parent = parent[segment];
        delete parent[key];
        variants.push({ pointer: `/form/${[...path, key].join('/')}`, form: copy });
        visit((value as any)[key], [...path, key]);
      }
    };
    visit(form, []);
    return variants;
  }

  it.each(fixtures.map((fixture) => [`${fixture.procedureId}/${fixture.file}`, fixture] as const))('%s, and with each value left out', (_name, fixture) => {
    const compiled = catalog.get(fixture.procedureId)!;
    const form = fixture.file.startsWith('valid-') ? fixture.content.form : fixture.content.body.form;
    for (const variant of [{ pointer: '(as is)', form }, ...withoutEach(form)]) {
      const result = compiled.validateForm(variant.form);
      const zodRequired = (result.ok ? [] : result.issues).filter((issue) => issue.code === 'required').map((issue) => issue.pointer).sort();
      expect(zodRequired, variant.pointer).toEqual(missingRequired(compiled.jsonSchema, variant.form));
    }
  });
});
