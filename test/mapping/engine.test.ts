import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/mapping/compile-mapping.js';
import type { MappingContext } from '../../src/mapping/compile-mapping.js';
import { applyMapping } from '../../src/mapping/engine.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';
import { ConfigurationError, InputError } from '../../src/errors.js';

const context: MappingContext = {
  procedures: new Map([
    [
      'child-claim',
      {
        formPointers: new Set(['/applicant', '/applicant/name', '/applicant/nameKana', '/applicant/birthDate', '/applicant/gender', '/a/b', '/a~1b', '/children', '/children/-', '/children/-/name', '/children/-/birthDate']),
        steps: new Set(['lookup-resident']),
      },
    ],
  ]),
  transforms: createTransformRegistry(),
};

const base = {
  system: 'welfare',
  procedure: 'child-claim',
  operation: 'claim',
};

function compile(extra: Record<string, unknown>) {
  return compileMapping({ ...base, ...extra }, 'mappings/welfare/child-claim.yaml', context);
}

function configError(extra: Record<string, unknown>): ConfigurationError {
  try {
    compile(extra);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

const mapping = compile({
  fields: [
    { to: '/record/atenaNumber', from: '/steps/lookup-resident/result/atenaNumber', required: true },
    { to: '/record/name', from: '/form/applicant/name', required: true },
    { to: '/record/kana', from: '/form/applicant/nameKana', transform: 'kana.toHalfWidth' },
    { to: '/record/birth/era', from: '/form/applicant/birthDate', transform: { name: 'date.isoToEra', args: { format: 'GYYMMDD' } } },
    { to: '/record/gender', from: '/form/applicant/gender', default: '男', transform: ['code.gender', { name: 'pad.left', args: { width: 2, char: '0' } }] },
    { to: '/record/kind', const: '01' },
    { to: '/record/slash~1key', from: '/form/a~1b' },
    { to: '/record/tilde~0key', from: '/form/a/b' },
  ],
  repeat: [
    {
      each: '/form/children',
      to: '/record/children',
      min: 1,
      fields: [
        { to: '/name', from: '/name', required: true },
        { to: '/birth', from: '/birthDate', transform: 'date.isoToCompact' },
      ],
    },
  ],
});

const input = {
  form: {
    applicant: { name: '山田　花子', nameKana: 'ヤマダ　ハナコ', birthDate: '1989-01-07', gender: '女' },
    'a/b': 'slash',
    a: { b: 'tilde' },
    children: [{ name: '山田　一郎', birthDate: '2019-05-01' }, { name: '山田　𠮷子', birthDate: '2020-02-29' }],
  },
  steps: { 'lookup-resident': { result: { atenaNumber: '1034004400' } } },
};

describe('applyMapping', () => {
  it('maps fields, constants, transforms, escapes and repeated groups', () => {
    expect(applyMapping(mapping, input)).toEqual({
      atenaNumber: '1034004400',
      name: '山田　花子',
      kana: 'ﾔﾏﾀﾞ ﾊﾅｺ',
      birth: { era: '3640107' },
      gender: '02',
      kind: '01',
      'slash/key': 'slash',
      'tilde~key': 'tilde',
      children: [
        { name: '山田　一郎', birth: '20190501' },
        { name: '山田　𠮷子', birth: '20200229' },
      ],
    });
  });

  it('applies the default before the transforms and leaves out optional absent values', () => {
    const record = applyMapping(mapping, { ...input, form: { ...input.form, applicant: { name: 'x', gender: null } } });
    expect(record.gender).toBe('01');
    expect('kana' in record).toBe(false);
    expect('birth' in record).toBe(false);
  });

  it('writes null for an absent value whose default is null', () => {
    const nullable = compile({ fields: [{ to: '/record/birth', from: '/form/applicant/birthDate', default: null, transform: 'date.isoToCompact' }] });
    expect(applyMapping(nullable, { form: { applicant: { birthDate: null } }, steps: {} })).toEqual({ birth: null });
    expect(applyMapping(nullable, { form: {}, steps: {} })).toEqual({ birth: null });
    expect(applyMapping(nullable, { form: { applicant: { birthDate: '2019-05-01' } }, steps: {} })).toEqual({ birth: '20190501' });
  });

  it('reports every missing required value and failing transform with its input pointer', () => {
    const broken = {
      form: { applicant: { birthDate: '1989-02-30' }, children: [{ birthDate: '2019-05-01' }, { name: 'x', birthDate: 'soon' }] },
      steps: {},
    };
    try {
      applyMapping(mapping, broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues).toEqual([
        { pointer: '/steps/lookup-resident/result/atenaNumber', code: 'required', message: 'a value is required' },
        { pointer: '/form/applicant/name', code: 'required', message: 'a value is required' },
        { pointer: '/form/applicant/birthDate', code: 'invalid-date', message: 'date.isoToEra: not a date the registry accepts' },
        { pointer: '/form/children/0/name', code: 'required', message: 'a value is required' },
        { pointer: '/form/children/1/birthDate', code: 'invalid-date', message: 'date.isoToCompact: not a date the registry accepts' },
      ]);
      expect(JSON.stringify((error as InputError).issues)).not.toContain('1989-02-30');
    }
  });

  it('requires the minimum number of repeated elements and a list', () => {
    expect(() => applyMapping(mapping, { ...input, form: { ...input.form, children: [] } })).toThrow(InputError);
    try {
      applyMapping(mapping, { ...input, form: { ...input.form, children: { 0: {} } } });
    } catch (error) {
      expect((error as InputError).issues).toEqual([{ pointer: '/form/children', code: 'not-a-list', message: 'expected a list' }]);
    }
  });

  it('never reads through prototypes and never pollutes them', () => {
    const hostile = JSON.parse('{"form": {"applicant": {"__proto__": {"name": "polluted"}}, "children": [{"name": "x"}]}, "steps": {"lookup-resident": {"result": {"atenaNumber": "1"}}}}');
    expect(() => applyMapping(mapping, hostile)).toThrow(InputError);
    applyMapping(mapping, input);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
    const inherited = Object.assign(Object.create({ name: 'inherited' }) as Record<string, unknown>, { gender: '男' });
    expect(() => applyMapping(mapping, { ...input, form: { ...input.form, applicant: inherited } })).toThrow(/missing or invalid/);
  });

  it("reads the application's own facts", () => {
    const dated = compile({
      fields: [
        { to: '/record/id', from: '/application/id', required: true },
        { to: '/record/at', from: '/application/receivedAt' },
        { to: '/record/on', from: '/application/receivedOn', required: true, transform: 'date.isoToCompact' },
        { to: '/record/year', from: '/application/receivedOn', transform: { name: 'date.fiscalYearOf', args: { startMonth: 6 } } },
      ],
    });
    const application = { id: 'app-1', receivedAt: '2026-05-31T15:00:00.000Z', receivedOn: '2026-06-01' };
    expect(applyMapping(dated, { form: {}, steps: {}, application })).toEqual({ id: 'app-1', at: '2026-05-31T15:00:00.000Z', on: '20260601', year: 2026 });
  });

  it("reports the application's facts missing when the input has none", () => {
    const dated = compile({ fields: [{ to: '/record/on', from: '/application/receivedOn', required: true }, { to: '/record/id', from: '/application/id' }] });
    try {
      applyMapping(dated, { form: {}, steps: {} });
      throw new Error('expected an InputError');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues).toEqual([{ pointer: '/application/receivedOn', code: 'required', message: 'a value is required' }]);
    }
    // A form member named like the facts is not read in their place.
    expect(() => applyMapping(dated, { form: { application: { receivedOn: '2026-06-01' } }, steps: {} })).toThrow(InputError);
  });

  it('handles a large repeated group without trouble', () => {
    const children = Array.from({ length: 10_000 }, (_, i) => ({ name: `子${i}`, birthDate: '2019-05-01' }));
    const record = applyMapping(mapping, { ...input, form: { ...input.form, children } });
    expect((record.children as unknown[]).length).toBe(10_000);
  });
});

describe('compileMapping', () => {
  const ok = { to: '/record/x', from: '/form/applicant/name' };

  it.each([
    [{ fields: [{ to: '/record/x', from: '/form/applicant/name', transform: 'kana.nope' }] }, '/fields/0/transform', /unknown transform kana.nope/],
    [{ fields: [{ to: '/record/x', from: '/form/applicant/name', transform: ['text.nfkc', { name: 'pad.left', args: { width: -1 } }] }] }, '/fields/0/transform/1/args', /width/],
    [{ fields: [{ to: '/record/x', from: '/form/applicant/address' }] }, '/fields/0/from', /the form has no field \/applicant\/address/],
    [{ fields: [{ to: '/record/x', from: '/steps/pay/result/x' }] }, '/fields/0/from', /no step pay/],
    [{ fields: [{ to: '/record/x', from: '/elsewhere/x' }] }, '/fields/0/from', /must start with/],
    [{ fields: [{ to: '/record/__proto__/x', from: '/form/applicant/name' }] }, '/fields/0/to', /__proto__ is not allowed/],
    [{ fields: [{ to: '/record/a/constructor', const: 1 }] }, '/fields/0/to', /constructor is not allowed/],
    [{ fields: [{ to: '/record/prototype', const: 1 }] }, '/fields/0/to', /prototype is not allowed/],
    [{ fields: [{ to: '/x', const: 1 }] }, '/fields/0/to', /inside \/record/],
    [{ fields: [{ to: '/record/x', from: '/form/__proto__/name' }] }, '/fields/0/from', /prototype names/],
    [{ fields: [ok, { to: '/record/x', const: 1 }] }, '/fields/1/to', /also written by \/fields\/0/],
    [{ fields: [ok, { to: '/record/x/y', const: 1 }] }, '/fields/1/to', /inside the value/],
    [{ fields: [{ to: '/record/x/y', const: 1 }, ok] }, '/fields/1/to', /also written/],
    [{ fields: [{ to: '/record/x', from: '/form/applicant/name', const: 1 }] }, '/fields/0', /either from or const/],
    [{ fields: [{ to: '/record/x', const: { a: 1 } }] }, '/fields/0/const', /must be a string/],
    [{ fields: [{ to: '/record/x', from: '/form/applicant/name', tranform: 'text.nfkc' }] }, '/fields/0/tranform', /unknown key/],
    [{ fields: [{ to: '/record/x~2', const: 1 }] }, '/fields/0/to', /~/],
    [{ fields: [] }, '/fields', /at least one field/],
    [{ fields: [ok], extra: 1 }, '/extra', /unknown key/],
    [{ procedure: 'no-such-thing', fields: [ok] }, '/procedure', /unknown procedure/],
    [{ repeat: [{ each: '/form/children', to: '/record/c', fields: [{ to: '/name', from: '/nickname' }] }] }, '/repeat/0/fields/0/from', /no field \/children\/-\/nickname/],
    [{ repeat: [{ each: '/form/children', to: '/record/c', fields: [{ to: '/__proto__', from: '/name' }] }] }, '/repeat/0/fields/0/to', /__proto__/],
    [{ fields: Array.from({ length: 501 }, (_, i) => ({ to: `/record/f${i}`, const: i })) }, '/fields', /more than 500/],
    [{ fields: [{ to: '/record/x', from: '/application/createdAt' }] }, '/fields/0/from', /application's facts are \/application\/id, \/application\/receivedAt, \/application\/receivedOn/],
    [{ fields: [{ to: '/record/x', from: '/application' }] }, '/fields/0/from', /application's facts/],
    [{ fields: [{ to: '/record/x', from: '/application/receivedOn/0' }] }, '/fields/0/from', /application's facts/],
    [{ fields: [{ to: '/record/x', from: '/application/__proto__' }] }, '/fields/0/from', /prototype/],
    [{ repeat: [{ each: '/application/id', to: '/record/c', fields: [{ to: '/name', from: '/name' }] }] }, '/repeat/0/each', /list in the form or a step result/],
  ])('refuses %j at %s', (extra, path, message) => {
    const error = configError(extra);
    expect(error.path).toBe(path);
    expect(error.file).toBe('mappings/welfare/child-claim.yaml');
    expect(error.message).toMatch(message);
  });
});
