import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { ConfigurationError } from '../../src/errors.js';
import { procedureDirectory, sampleProcedure } from './procedure-files.js';

const SHIPPED = ['business-support-grant', 'child-allowance', 'juminhyo-copy', 'moving-out', 'tax-certificate', 'tax-payment-certificate'];

type Data = Record<string, any>;

async function loadError(files: Record<string, string | Data>): Promise<ConfigurationError> {
  const { directory, remove } = await procedureDirectory(files);
  try {
    await loadCatalog(directory);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  } finally {
    await remove();
  }
  throw new Error('the catalog loaded');
}

function broken(change: (procedure: Data) => void): Data {
  const procedure = sampleProcedure();
  change(procedure);
  return procedure;
}

function nestedGroups(depth: number): Data {
  let field: Data = { name: 'leaf', kind: 'boolean', label: { ja: '葉', en: 'Leaf' } };
  for (let level = depth; level >= 1; level--) {
    field = { name: `level${level}`, kind: 'group', label: { ja: `階層${level}`, en: `Level ${level}` }, fields: [field] };
  }
  return field;
}

describe('loadCatalog with the shipped procedures', () => {
  it('loads all six procedures from mappings/procedures', async () => {
    const catalog = await loadCatalog('mappings/procedures');
    expect(catalog.list().map((compiled) => compiled.procedure.id)).toEqual(SHIPPED);
    expect(catalog.get('juminhyo-copy')?.file).toBe(join('mappings/procedures', 'juminhyo-copy.yaml'));
    expect(catalog.get('no-such-procedure')).toBeUndefined();
    expect(catalog.get('__proto__')).toBeUndefined();
  });

  it('gives every JPKI procedure an applicant group with the four facts and the contact fields', async () => {
    const catalog = await loadCatalog('mappings/procedures');
    for (const { procedure } of catalog.list()) {
      if (procedure.identity.kind !== 'jpki') continue;
      expect(procedure.identity.applicant).toEqual({
        name: '/applicant/name',
        birthDate: '/applicant/birthDate',
        address: '/applicant/address',
        gender: '/applicant/gender',
      });
      const applicant = procedure.form.fields.find((field) => field.name === 'applicant');
      expect(applicant?.kind).toBe('group');
      const kinds = Object.fromEntries((applicant?.kind === 'group' ? applicant.fields : []).map((field) => [field.name, field.kind]));
      expect(kinds).toEqual({
        name: 'text',
        nameKana: 'kana',
        birthDate: 'date',
        gender: 'code',
        postalCode: 'postal-code',
        address: 'address',
        phone: 'phone',
        email: 'email',
      });
    }
  });

  it('keeps certificate issuance built in and names a system for every exchange', async () => {
    const catalog = await loadCatalog('mappings/procedures');
    for (const { procedure } of catalog.list()) {
      for (const step of procedure.route) {
        if (step.action === 'issue-certificate' || step.action === 'review') expect(step.system).toBeUndefined();
        else expect(step.system).toMatch(/^(resident-registry|tax|welfare)$/);
      }
    }
  });

  it('keeps certificate requests for 5 years and notifications and claims longer', async () => {
    const catalog = await loadCatalog('mappings/procedures');
    const retention = Object.fromEntries(catalog.list().map(({ procedure }) => [procedure.id, procedure.retention]));
    expect(retention).toEqual({
      'business-support-grant': 'P7Y',
      'child-allowance': 'P10Y',
      'juminhyo-copy': 'P5Y',
      'moving-out': 'P10Y',
      'tax-certificate': 'P5Y',
      'tax-payment-certificate': 'P5Y',
    });
  });

  it('defaults the retention period to 5 years when the file names none', async () => {
    const { directory, remove } = await procedureDirectory({ 'sample-request.yaml': sampleProcedure() });
    try {
      expect((await loadCatalog(directory)).get('sample-request')?.procedure.retention).toBe('P5Y');
    } finally {
      await remove();
    }
  });

  it('defaults feeExemptions to an empty list', async () => {
    const { directory, remove } = await procedureDirectory({ 'sample-request.yaml': sampleProcedure() });
    try {
      const catalog = await loadCatalog(directory);
      expect(catalog.get('sample-request')?.procedure.feeExemptions).toEqual([]);
    } finally {
      await remove();
    }
  });

  it('reads labels without the spaces around them, and fills in the defaults of each kind of field', async () => {
    const procedure = sampleProcedure();
    const form = procedure.form as { fields: Data[] };
    form.fields.push(
      { name: 'remarks', kind: 'text', maxLength: 200, label: { ja: '　備考 ', en: '  Remarks\t' } },
      { name: 'office', kind: 'address', label: { ja: '事業所', en: 'Office' } },
    );
    const { directory, remove } = await procedureDirectory({ 'sample-request.yaml': procedure });
    try {
      const fields = (await loadCatalog(directory)).get('sample-request')!.procedure.form.fields;
      expect(fields.find((field) => field.name === 'remarks')).toEqual({
        name: 'remarks',
        kind: 'text',
        maxLength: 200,
        charset: 'any',
        required: false,
        label: { ja: '備考', en: 'Remarks' },
      });
      expect(fields.find((field) => field.name === 'office')).toMatchObject({ kind: 'address', maxLength: 200, required: false });
    } finally {
      await remove();
    }
  });
});

describe('loadCatalog refuses broken procedure files, naming the file and the path', () => {
  const cases: { title: string; files: Record<string, string | Data>; file: string; path: string; message: RegExp }[] = [
    {
      title: 'missing title.en',
      files: { 'sample-request.yaml': broken((p) => delete p.title.en) },
      file: 'sample-request.yaml',
      path: '/title/en',
      message: /required/,
    },
    {
      title: 'an unknown field kind',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].kind = 'number')) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/kind',
      message: /unknown kind; expected one of text, kana/,
    },
    {
      title: 'a maxLength that is not a positive integer',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].fields[0].maxLength = -3)) },
      file: 'sample-request.yaml',
      path: '/form/fields/0/fields/0/maxLength',
      message: /expected a positive integer/,
    },
    {
      title: 'an identity pointer to no field',
      files: { 'sample-request.yaml': broken((p) => (p.identity.applicant.name = '/applicant/fullName')) },
      file: 'sample-request.yaml',
      path: '/identity/applicant/name',
      message: /\/applicant\/fullName is not a field of the form/,
    },
    {
      title: 'an identity pointer to a field of the wrong kind',
      files: { 'sample-request.yaml': broken((p) => (p.identity.applicant.birthDate = '/applicant/name')) },
      file: 'sample-request.yaml',
      path: '/identity/applicant/birthDate',
      message: /must be a field of kind date/,
    },
    {
      title: 'an identity fact in an optional group',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].required = false)) },
      file: 'sample-request.yaml',
      path: '/identity/applicant/name',
      message: /must be a required field in required groups/,
    },
    {
      title: 'a per-copy pointer to no field',
      files: { 'sample-request.yaml': broken((p) => (p.fee.copies = '/count')) },
      file: 'sample-request.yaml',
      path: '/fee/copies',
      message: /not a field/,
    },
    {
      title: 'an exemption pointer to no field',
      files: {
        'sample-request.yaml': broken((p) => (p.feeExemptions = [{ pointer: '/purpose', equals: 'pension', reason: { ja: '年金', en: 'Pension' } }])),
      },
      file: 'sample-request.yaml',
      path: '/feeExemptions/0/pointer',
      message: /not a field/,
    },
    {
      title: 'a duplicate step name',
      files: { 'sample-request.yaml': broken((p) => (p.route[1] = { name: 'lookup-resident', action: 'issue-certificate' })) },
      file: 'sample-request.yaml',
      path: '/route/1/name',
      message: /duplicate step name lookup-resident/,
    },
    {
      title: 'a review step without a ward',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'office-review', action: 'review' })) },
      file: 'sample-request.yaml',
      path: '/route/1/ward',
      message: /names the ward/,
    },
    {
      title: 'a review step with a code that is no ward of the city',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'office-review', action: 'review', ward: { fixed: '271004' } })) },
      file: 'sample-request.yaml',
      path: '/route/1/ward/fixed',
      message: /24 wards/,
    },
    {
      title: 'a review step taking its ward from no field',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'office-review', action: 'review', ward: { from: '/nowhere', otherwise: '271276' } })) },
      file: 'sample-request.yaml',
      path: '/route/1/ward/from',
      message: /not a field/,
    },
    {
      title: 'three approvals',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'office-review', action: 'review', ward: { fixed: '271276' }, approvals: 3 })) },
      file: 'sample-request.yaml',
      path: '/route/1/approvals',
      message: /two different approvers/,
    },
    {
      title: 'an await-reply step without a deadline',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'await-tax', action: 'await-reply', system: 'tax' })) },
      file: 'sample-request.yaml',
      path: '/route/1/deadline',
      message: /ISO-8601 duration/,
    },
    {
      title: 'a deadline that is not an ISO-8601 duration',
      files: { 'sample-request.yaml': broken((p) => p.route.splice(1, 0, { name: 'await-tax', action: 'await-reply', system: 'tax', deadline: '48h' })) },
      file: 'sample-request.yaml',
      path: '/route/1/deadline',
      message: /ISO-8601 duration/,
    },
    {
      title: 'a retention period that is not an ISO-8601 duration',
      files: { 'sample-request.yaml': broken((p) => (p.retention = '5 years')) },
      file: 'sample-request.yaml',
      path: '/retention',
      message: /ISO-8601 duration such as P5Y/,
    },
    {
      title: 'a retention period in hours',
      files: { 'sample-request.yaml': broken((p) => (p.retention = 'PT48H')) },
      file: 'sample-request.yaml',
      path: '/retention',
      message: /years, months, weeks or days/,
    },
    {
      title: 'a send step without a system',
      files: { 'sample-request.yaml': broken((p) => (p.route[0] = { name: 'send-notice', action: 'send' })) },
      file: 'sample-request.yaml',
      path: '/route/0/system',
      message: /must name a system/,
    },
    {
      title: 'issue-certificate naming a system',
      files: { 'sample-request.yaml': broken((p) => (p.route[1].system = 'tax')) },
      file: 'sample-request.yaml',
      path: '/route/1/system',
      message: /built in/,
    },
    {
      title: 'groups nested deeper than 5',
      files: { 'sample-request.yaml': broken((p) => p.form.fields.push(nestedGroups(6))) },
      file: 'sample-request.yaml',
      path: '/form/fields/2/fields/0/fields/0/fields/0/fields/0/fields/0',
      message: /at most 5 deep/,
    },
    {
      title: 'more than 200 fields',
      files: {
        'sample-request.yaml': broken((p) => {
          for (let i = 0; i < 200; i++) p.form.fields.push({ name: `extra${i}`, kind: 'boolean', label: { ja: '追加', en: 'Extra' } });
        }),
      },
      file: 'sample-request.yaml',
      path: '/form/fields/196',
      message: /at most 200 fields/,
    },
    {
      title: 'a __proto__ field name',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].name = '__proto__')) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/name',
      message: /camelCase/,
    },
    {
      title: 'a constructor field name',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].fields[0].name = 'constructor')) },
      file: 'sample-request.yaml',
      path: '/form/fields/0/fields/0/name',
      message: /reserved/,
    },
    {
      title: 'a field name longer than 64 characters',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].name = `n${'a'.repeat(64)}`)) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/name',
      message: /at most 64 characters/,
    },
    {
      title: 'a blank Japanese label',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].label.ja = ' \u3000 ')) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/label/ja',
      message: /expected non-empty Japanese text/,
    },
    {
      title: 'a label that is not text',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].label.ja = 5)) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/label/ja',
      message: /expected a string/,
    },
    {
      title: 'an English help text longer than 2000 characters',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[1].help = { ja: '説明', en: 'x'.repeat(2001) })) },
      file: 'sample-request.yaml',
      path: '/form/fields/1/help/en',
      message: /at most 2000 characters/,
    },
    {
      title: 'a __proto__ key in a field',
      files: {
        'sample-request.yaml': `${JSON.stringify(sampleProcedure()).replace('"name":"copies"', '"__proto__":{"required":false},"name":"copies"')}\n`,
      },
      file: 'sample-request.yaml',
      path: '/form/fields/1/__proto__',
      message: /'__proto__' is not allowed/,
    },
    {
      title: 'duplicate field names',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].fields[1].name = 'name')) },
      file: 'sample-request.yaml',
      path: '/form/fields/0/fields/1/name',
      message: /duplicate field name/,
    },
    {
      title: 'an id that differs from the file name',
      files: { 'other-request.yaml': sampleProcedure('sample-request') },
      file: 'other-request.yaml',
      path: '/id',
      message: /must equal the file name \(other-request\)/,
    },
    {
      title: 'a duplicate key',
      files: { 'sample-request.yaml': 'id: sample-request\ntitle:\n  ja: 見本\n  en: Sample\n  ja: 見本2\n' },
      file: 'sample-request.yaml',
      path: '/title/ja',
      message: /duplicate key/,
    },
    {
      title: 'a YAML alias bomb',
      files: {
        'sample-request.yaml': [
          'id: sample-request',
          'a: &a [x, x, x, x, x, x, x, x, x]',
          'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
          'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
          'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
          'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
          '',
        ].join('\n'),
      },
      file: 'sample-request.yaml',
      path: '/b/0',
      message: /aliases are not allowed/,
    },
    {
      title: 'a YAML syntax error',
      files: { 'sample-request.yaml': 'id: sample-request\ntitle: [ja\nen: x\n' },
      file: 'sample-request.yaml',
      path: 'line 3, column 1',
      message: /YAML syntax/,
    },
    {
      title: 'an unknown top-level key',
      files: { 'sample-request.yaml': broken((p) => (p.fees = { kind: 'free' })) },
      file: 'sample-request.yaml',
      path: '/fees',
      message: /unknown key/,
    },
    {
      title: 'an invalid text pattern',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].fields[0].pattern = '([a-z]')) },
      file: 'sample-request.yaml',
      path: '/form/fields/0/fields/0/pattern',
      message: /valid regular expression/,
    },
    {
      title: 'a date bound that is not in the calendar',
      files: { 'sample-request.yaml': broken((p) => (p.form.fields[0].fields[1].min = '2025-02-30')) },
      file: 'sample-request.yaml',
      path: '/form/fields/0/fields/1/min',
      message: /calendar/,
    },
    {
      title: 'a requiredWhen value that is not one of the codes',
      files: {
        'sample-request.yaml': broken((p) =>
          p.form.fields.push({
            name: 'note',
            kind: 'text',
            maxLength: 10,
            label: { ja: '備考', en: 'Note' },
            requiredWhen: { field: '/applicant/gender', equals: '9' },
          }),
        ),
      },
      file: 'sample-request.yaml',
      path: '/form/fields/2/requiredWhen/equals',
      message: /one of the codes/,
    },
  ];

  it.each(cases)('$title', async ({ files, file, path, message }) => {
    const error = await loadError(files);
    expect(error.file?.endsWith(file)).toBe(true);
    expect(error.path).toBe(path);
    expect(error.message).toContain(`${file} at ${path}: `);
    expect(error.message).toMatch(message);
  });

  it('names the first broken file when a good one sits beside it', async () => {
    const error = await loadError({
      'a-good.yaml': sampleProcedure('a-good'),
      'b-broken.yaml': broken((p) => ((p.id = 'b-broken'), delete p.title.ja)),
    });
    expect(error.file?.endsWith('b-broken.yaml')).toBe(true);
  });

  it('refuses a file larger than 1 MiB before parsing it', async () => {
    const error = await loadError({ 'sample-request.yaml': `id: sample-request\n# ${'x'.repeat(1024 * 1024)}\n` });
    expect(error.message).toMatch(/larger than/);
  });

  it('refuses a procedure file that is not a regular file (a device, a named pipe, a directory) without reading it', async () => {
    const makers: [string, (path: string) => void][] = [
      ['a link to /dev/zero', (path) => symlinkSync('/dev/zero', path)],
      ['a named pipe', (path) => execFileSync('mkfifo', [path])],
      ['a directory', (path) => mkdirSync(path)],
    ];
    for (const [what, make] of makers) {
      const { directory, remove } = await procedureDirectory({ 'sample-request.yaml': sampleProcedure() });
      try {
        make(join(directory, 'special.yaml'));
        const error = await loadCatalog(directory).catch((caught: unknown) => caught);
        expect(error, what).toBeInstanceOf(ConfigurationError);
        expect((error as ConfigurationError).file?.endsWith('special.yaml'), what).toBe(true);
        expect((error as ConfigurationError).message, what).toMatch(/not a regular file/);
      } finally {
        await remove();
      }
    }
  });

  it('refuses deep YAML nesting without crashing', async () => {
    const error = await loadError({ 'sample-request.yaml': `${'['.repeat(50_000)}\n` });
    expect(error.file?.endsWith('sample-request.yaml')).toBe(true);
  });

  it('refuses .yml files instead of silently skipping them', async () => {
    const error = await loadError({ 'sample-request.yml': sampleProcedure() });
    expect(error.file?.endsWith('sample-request.yml')).toBe(true);
  });

  it('refuses an empty or missing directory', async () => {
    const { directory, remove } = await procedureDirectory({});
    try {
      await expect(loadCatalog(directory)).rejects.toThrow(/no procedure files/);
      await expect(loadCatalog(join(directory, 'missing'))).rejects.toBeInstanceOf(ConfigurationError);
    } finally {
      await remove();
    }
  });

  it('ignores files that are not procedures', async () => {
    const { directory, remove } = await procedureDirectory({ 'sample-request.yaml': sampleProcedure() });
    try {
      await writeFile(join(directory, 'README.md'), '# notes\n');
      expect((await loadCatalog(directory)).list()).toHaveLength(1);
    } finally {
      await remove();
    }
  });
});
