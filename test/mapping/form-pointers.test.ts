import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../src/catalog/form-definition.js';
import { formPointersOf } from '../../src/mapping/form-pointers.js';

const label = { ja: 'ラベル', en: 'Label' };

describe('formPointersOf', () => {
  it('lists fields, members of compound values and repeated elements as -', () => {
    const form = {
      fields: [
        { name: 'applicant', kind: 'group', required: true, label, fields: [{ name: 'birthDate', kind: 'era-date', required: true, label }] },
        { name: 'children', kind: 'group', required: true, label, repeat: { min: 1, max: 3 }, fields: [{ name: 'name', kind: 'text', required: true, label, maxLength: 10, charset: 'any' }] },
        { name: 'a/b', kind: 'boolean', required: false, label },
      ],
    } as unknown as FormDefinition;
    expect([...formPointersOf(form)].sort()).toEqual(
      [
        '/a~1b',
        '/applicant',
        '/applicant/birthDate',
        '/applicant/birthDate/day',
        '/applicant/birthDate/era',
        '/applicant/birthDate/iso',
        '/applicant/birthDate/month',
        '/applicant/birthDate/year',
        '/children',
        '/children/-',
        '/children/-/name',
      ].sort(),
    );
  });
});
