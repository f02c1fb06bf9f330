/**
 * The zod schema of a procedure file (`mappings/procedures/<id>.yaml`).
 * Cross-references (pointers into the form, route consistency) are checked
 * afterwards by `check-procedure.ts`.
 */
import { z } from 'zod';
import { FormDefinitionSchema, LocalizedTextSchema } from './form-definition.js';
import type { Procedure } from './procedure.js';

/** Procedure ids: what the submission schema accepts as `procedureId`. */
export const PROCEDURE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const pointer = z
  .string({ error: 'expected a JSON Pointer into the form' })
  .regex(/^(?:\/[A-Za-z0-9]+)+$/, { error: 'expected a JSON Pointer into the form, such as /applicant/name' });

const yen = z.int({ error: 'expected an amount in yen (integer)' }).min(0, { error: 'expected an amount in yen (integer)' }).max(1_000_000);

const FeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }).strict(),
  z.object({ kind: z.literal('fixed'), amount: yen }).strict(),
  z.object({ kind: z.literal('per-copy'), amount: yen, copies: pointer }).strict(),
]);

const IdentitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('jpki'),
      applicant: z.object({ name: pointer, birthDate: pointer, address: pointer, gender: pointer.optional() }).strict(),
    })
    .strict(),
]);

const FeeExemptionSchema = z
  .object({
    pointer,
    equals: z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' }),
    reason: LocalizedTextSchema,
  })
  .strict();

/** ISO 8601 duration with at least one component, e.g. `PT48H`, `P10D`. */
export const ISO_DURATION = /^P(?!$)(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$/;

/** How long an application is kept after its terminal status when its file says nothing (5 years). */
export const DEFAULT_RETENTION = 'P5Y';

const WardSourceSchema = z.union(
  [
    z.object({ fixed: z.string().regex(/^27[0-9]{4}$/, { error: 'expected the 6-digit 地方公共団体コード of a ward, such as 271276' }) }).strict(),
    z
      .object({
        from: pointer,
        otherwise: z.string().regex(/^27[0-9]{4}$/, { error: 'expected the 6-digit 地方公共団体コード of a ward, such as 271276' }),
      })
      .strict(),
  ],
  { error: 'expected { fixed: <ward code> } or { from: <address field>, otherwise: <ward code> }' },
);

const RouteStepSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { error: 'expected a kebab-case step name' }).max(64),
    action: z.enum(['request', 'send', 'await-reply', 'issue-certificate', 'convenience-store', 'review'], {
      error: 'expected request, send, await-reply, issue-certificate, convenience-store or review',
    }),
    system: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, { error: 'expected a core-system id (kebab-case)' }).optional(),
    deadline: z.string().regex(ISO_DURATION, { error: 'expected an ISO-8601 duration such as PT48H' }).optional(),
    charset: z.enum(['reject', 'degrade', 'hold'], { error: 'expected reject, degrade or hold' }).optional(),
    ward: WardSourceSchema.optional(),
    approvals: z
      .int({ error: 'expected 1, or 2 for two different approvers' })
      .min(1, { error: 'expected 1, or 2 for two different approvers' })
      .max(2, { error: 'expected 1, or 2 for two different approvers' })
      .optional() as z.ZodOptional<z.ZodType<1 | 2>>,
  })
  .strict();

/** The zod schema of a whole procedure file. */
export const ProcedureFileSchema: z.ZodType<Procedure, unknown> = z
  .object({
    id: z.string({ error: 'expected the procedure id' }).regex(PROCEDURE_ID, { error: 'expected a kebab-case id of at most 64 characters' }),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    identity: IdentitySchema,
    fee: FeeSchema,
    feeExemptions: z.array(FeeExemptionSchema).max(50).default([]),
    issuanceMethods: z
      .array(z.enum(['electronic', 'convenience-store', 'mail'], { error: 'expected electronic, convenience-store or mail' }))
      .max(3)
      .refine((methods) => new Set(methods).size === methods.length, { error: 'issuance methods must not repeat' }),
    route: z.array(RouteStepSchema).min(1, { error: 'expected at least one route step' }).max(50),
    form: FormDefinitionSchema,
    retention: z
      .string()
      .regex(ISO_DURATION, { error: 'expected an ISO-8601 duration such as P5Y' })
      .refine((duration) => !duration.includes('T'), { error: 'expected a retention period in years, months, weeks or days, such as P5Y' })
      .default(DEFAULT_RETENTION),
  })
  .strict();
