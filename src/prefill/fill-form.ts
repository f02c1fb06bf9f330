/**
 * Puts a resident's register facts into the fields a procedure declares
 * (mappings/prefill.yaml), as a partial form the frontend merges into its
 * own. A fact the register does not have (no postal code, a 不詳 birth date)
 * leaves its field out. 個人番号 is never read.
 */
import type { HouseholdRecord, ResidentRecord } from '../../adapters/resident-registry/index.js';
import type { ProcedurePrefill } from './check-prefill.js';
import type { PersonFact, PrefillFactKind } from './prefill-facts.js';

/** The partial form, the pointers it fills and the kinds of fact it used. */
export interface FilledForm {
  form: Record<string, unknown>;
  filled: string[];
  facts: PrefillFactKind[];
}

function factOf(person: ResidentRecord, fact: PersonFact): string | null {
  switch (fact) {
    case 'name':
      return person.name;
    case 'kana':
      return person.nameKana || null;
    case 'birthDate':
      return person.birthDate.iso;
    case 'gender':
      return person.gender;
    case 'postalCode':
      return person.postalCode;
    case 'address':
      return person.address;
  }
}

function setAt(form: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = form;
  for (const segment of segments.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
}

export function fillForm(prefill: ProcedurePrefill, resident: ResidentRecord, household: HouseholdRecord | null): FilledForm {
  const form: Record<string, unknown> = {};
  const filled: string[] = [];
  const facts = new Set<PrefillFactKind>();
  for (const field of prefill.fields) {
    const value = factOf(resident, field.fact);
    if (value === null) continue;
    setAt(form, field.segments, value);
    filled.push(field.pointer);
    facts.add(field.fact);
  }
  if (prefill.household && household) {
    const members = household.members
      .filter((member) => member.status === '住民')
      .slice(0, prefill.household.maxMembers)
      .map((member) => {
        const entry: Record<string, string> = {};
        for (const field of prefill.household!.fields) {
          const value = factOf(member, field.fact);
          if (value !== null) entry[field.name] = value;
        }
        return entry;
      });
    if (members.length > 0) {
      setAt(form, prefill.household.segments, members);
      filled.push(prefill.household.pointer);
      facts.add('household');
    }
  }
  return { form, filled, facts: [...facts] };
}
