import { z } from 'zod';
import type { Procedure } from '../../catalog/procedure.js';
import { ConfigurationError } from '../../errors.js';

/** The registry's resident record as the `lookup-resident` step keeps it (adapters/resident-registry ResidentRecord). */
const ResidentSchema = z.object({
  atenaNumber: z.string(),
  setaiNumber: z.string(),
  name: z.string().min(1),
  nameKana: z.string(),
  birthDate: z.object({ wareki: z.string().min(1), iso: z.string().nullable(), unknown: z.boolean() }),
  gender: z.enum(['1', '2']),
  address: z.string().min(1),
  relationship: z.string(),
  householdHead: z.string(),
  status: z.string(),
  myNumber: z.string().optional(),
  /** 本籍・筆頭者: not in the registry interface today; used when a registry supplies it. */
  domicile: z.object({ honseki: z.string().min(1), hittosha: z.string().min(1) }).optional(),
});

export type RegistryResident = z.infer<typeof ResidentSchema>;

const HouseholdSchema = z.object({ setaiNumber: z.string(), householdHead: z.string(), members: z.array(ResidentSchema) });

export type RegistryHousehold = z.infer<typeof HouseholdSchema>;

/** The tax system's reply as an await-reply step keeps it (adapters/tax TaxReply). */
const TaxReplySchema = z.object({
  outcome: z.string().optional(),
  reason: z.string().optional(),
  data: z
    .object({
      resultCode: z.string(),
      fiscalYear: z.number().int(),
      fiscalYearWareki: z.string().optional(),
      nonTaxable: z.boolean().optional(),
      income: z.record(z.string(), z.number()).optional(),
      deductions: z.record(z.string(), z.unknown()).optional(),
      tax: z.record(z.string(), z.number()).optional(),
      payments: z
        .array(z.object({ taxKind: z.string(), taxKindName: z.string(), assessed: z.number(), paid: z.number(), unpaid: z.number(), dueDate: z.string() }))
        .optional(),
      arrears: z.boolean().optional(),
    })
    .passthrough(),
});

export type TaxReplyResult = z.infer<typeof TaxReplySchema>;

function missing(procedure: Procedure, what: string): ConfigurationError {
  return new ConfigurationError(`the issue-certificate step needs ${what}`, { file: `mappings/procedures/${procedure.id}.yaml`, path: '/route' });
}

/** `results['lookup-resident'].resident`; null when the registry found nobody. Throws ConfigurationError when the route has no such step. */
export function residentOf(procedure: Procedure, results: Record<string, unknown>): RegistryResident | null {
  const lookup = results['lookup-resident'];
  if (typeof lookup !== 'object' || lookup === null || !('resident' in lookup)) throw missing(procedure, "the result of a 'lookup-resident' step");
  if (lookup.resident === null) return null;
  const parsed = ResidentSchema.safeParse(lookup.resident);
  if (!parsed.success) throw missing(procedure, "a resident record from 'lookup-resident'");
  return parsed.data;
}

/** The household of any earlier step that looked one up (`{ household: … }`), or null. */
export function householdOf(results: Record<string, unknown>): RegistryHousehold | null {
  for (const result of Object.values(results)) {
    if (typeof result !== 'object' || result === null || !('household' in result)) continue;
    const parsed = HouseholdSchema.safeParse(result.household);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** The reply of the route's last tax await-reply step. Throws ConfigurationError when the route has none. */
export function taxReplyOf(procedure: Procedure, results: Record<string, unknown>): TaxReplyResult {
  const step = procedure.route.filter((candidate) => candidate.action === 'await-reply' && candidate.system === 'tax').at(-1);
  if (!step) throw missing(procedure, 'an await-reply step for the tax system');
  const parsed = TaxReplySchema.safeParse(results[step.name]);
  if (!parsed.success) throw missing(procedure, `the tax reply of '${step.name}'`);
  return parsed.data;
}
