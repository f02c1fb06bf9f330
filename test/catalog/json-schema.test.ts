import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { compileEveryKind } from './every-kind.js';

type Schema = Record<string, any>;

/** Every subschema with its location. */
function walk(schema: Schema, at = '#', found: { at: string; node: Schema }[] = []): { at: string; node: Schema }[] {
  found.push({ at, node: schema });
  for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) walk(child, `${at}/properties/${name}`, found);
  if (schema.items) walk(schema.items, `${at}/items`, found);
  return found;
}

describe('JSON Schema of the shipped procedures', async () => {
  const catalog = await loadCatalog('mappings/procedures');

  it.each(catalog.list().map((compiled) => [compiled.procedure.id, compiled] as const))('%s is a closed 2020-12 document with bilingual labels', (id, compiled) => {
    const schema = compiled.jsonSchema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`urn:kakehashi:procedure:${id}:form`);
    expect(schema.title).toBe(compiled.procedure.title.ja);
    expect(schema['x-label-en']).toBe(compiled.procedure.title.en);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    for (const { at, node } of walk(schema)) {
      if (node.type === 'object') {
        expect(node.additionalProperties, at).toBe(false);
        for (const name of node.required ?? []) expect(node.properties, at).toHaveProperty(name);
      }
      if (at !== '#' && !at.endsWith('/items')) {
        expect(typeof node.title, at).toBe('string');
        expect(typeof node['x-label-en'], at).toBe('string');
      }
      if (typeof node.pattern === 'string') expect(() => new RegExp(node.pattern, 'u'), at).not.toThrow();
      for (const option of node.oneOf ?? []) {
        expect(option, at).toHaveProperty('const');
        expect(typeof option.title, at).toBe('string');
      }
    }
  });

  it('is compiled once per procedure', () => {
    const compiled = catalog.get('juminhyo-copy')!;
    expect(compiled.jsonSchema).toBe(compiled.jsonSchema);
    expect(compiled.formSchema).toBe(compiled.formSchema);
  });

  it('carries conditional requirements for frontends', () => {
    const request = (catalog.get('juminhyo-copy')!.jsonSchema as Schema).properties.request;
    expect(request.properties.members['x-required-when']).toEqual({ field: '/request/scope', equals: 'selected' });
    expect(request.properties.members).toMatchObject({ type: 'array', minItems: 1, maxItems: 10 });
    expect(request.required).toEqual(['scope', 'copies', 'purpose']);
  });
});

describe('JSON Schema constraints of every field kind', async () => {
  const procedure = await compileEveryKind();
  const properties = (procedure.jsonSchema as Schema).properties as Schema;

  it('states the constraints the form schema enforces', () => {
    expect(properties.name).toEqual({ title: '氏名', 'x-label-en': 'Name', type: 'string', minLength: 1, maxLength: 10, 'x-charset': 'any' });
    expect(properties.legacyName).toMatchObject({ type: 'string', maxLength: 10, 'x-charset': 'jis-x-0208' });
    expect(properties.digits).toMatchObject({ pattern: '^[0-9]*$' });
    expect(properties.patterned).toMatchObject({ pattern: '^(?:[A-Z]{2}[0-9]+)$' });
    expect(properties.birthDate).toMatchObject({ type: 'string', format: 'date', 'x-minimum-date': '1900-01-01', 'x-maximum-date': 'today' });
    expect(properties.eraDate).toMatchObject({ type: 'object', required: ['era', 'year', 'month', 'day'], additionalProperties: false });
    expect(properties.count).toMatchObject({ type: 'integer', minimum: 1, maximum: 10 });
    expect(properties.choice.oneOf).toEqual([
      { const: 'a', title: '甲', 'x-label-en': 'A' },
      { const: 'b', title: '乙', 'x-label-en': 'B' },
    ]);
    expect(properties.flag).toMatchObject({ type: 'boolean' });
    expect(properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(properties.myNumber).toMatchObject({ pattern: '^[0-9]{12}$', 'x-check-digit': 'my-number' });
    expect(properties.address).toMatchObject({ type: 'string', maxLength: 200 });
    expect(properties.document).toMatchObject({
      type: 'object',
      required: ['id', 'mediaType', 'size', 'sha256'],
      additionalProperties: false,
      properties: { size: { type: 'integer', minimum: 1, maximum: 10 * 1024 * 1024 } },
    });
    expect(properties.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 3, items: { type: 'object', required: ['title'], additionalProperties: false } });
    expect(procedure.jsonSchema.required).toEqual(['name']);
  });

  it('accepts in its patterns what the form schema accepts', () => {
    const kana = new RegExp(properties.kana.pattern, 'u');
    for (const value of ['ヤマダ　タロウ', 'やまだ たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ']) expect(kana.test(value)).toBe(true);
    expect(kana.test('山田')).toBe(false);
    const postalCode = new RegExp(properties.postalCode.pattern, 'u');
    for (const value of ['530-0005', '5300005', '５３０－０００５']) expect(postalCode.test(value)).toBe(true);
    const phone = new RegExp(properties.phone.pattern, 'u');
    expect(phone.test('06-6208-8181')).toBe(true);
  });
});
