/**
 * The zod schema of `mappings/prefill.yaml`. Whether the pointers lead to
 * fields of the right kind is checked afterwards by `check-prefill.ts`.
 */
import { z } from 'zod';
import { PROCEDURE_ID } from '../catalog/procedure-schema.js';
import { PERSON_FACTS } from './prefill-facts.js';

const pointer = z.string().regex(/^(\/[a-zA-Z][a-zA-Z0-9]*)+$/, { error: 'expected a JSON Pointer to a form field, e.g. /applicant/name' });
const fact = z.enum(PERSON_FACTS, { error: `expected one of ${PERSON_FACTS.join(', ')}` });
const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, { error: 'expected the name of a field of the group' });

const ProcedurePrefillSchema = z
  .object({
    /** Fields outside repeated groups: pointer → the applicant's fact. */
    fields: z.record(pointer, fact).default({}),
    /** A repeated group that lists the household's members, and which member fact fills which of its fields. */
    household: z.object({ pointer, fields: z.record(fieldName, fact) }).strict().optional(),
  })
  .strict();

export const PrefillFileSchema = z
  .object({ procedures: z.record(z.string().regex(PROCEDURE_ID, { error: 'expected a procedure id' }), ProcedurePrefillSchema) })
  .strict();

export type PrefillFile = z.infer<typeof PrefillFileSchema>;
