/**
 * The registry facts a prefill may put into a form, and the kind of form
 * field each may fill. 個人番号 is not one of them, by design: a mapping cannot
 * name it, and the registry is always asked without it.
 */
import type { FieldKind } from '../catalog/form-definition.js';

/** A fact of one person, as the registry holds it. */
export const PERSON_FACTS = ['name', 'kana', 'birthDate', 'gender', 'postalCode', 'address'] as const;
export type PersonFact = (typeof PERSON_FACTS)[number];

/** What a prefill reports it filled: the person facts, and `household` for the members list. */
export type PrefillFactKind = PersonFact | 'household';

/** The field kind each fact fills; the loader refuses a mapping onto any other kind. */
export const FIELD_KIND_OF_FACT: Readonly<Record<PersonFact, FieldKind>> = {
  name: 'text',
  kana: 'kana',
  birthDate: 'date',
  gender: 'code',
  postalCode: 'postal-code',
  address: 'address',
};
