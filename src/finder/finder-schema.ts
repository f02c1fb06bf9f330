/**
 * The zod schema of `mappings/finder.yaml`. References (next questions,
 * procedure ids) and the shape of the tree are checked afterwards by
 * `check-finder.ts`.
 */
import { z } from 'zod';
import { LocalizedTextSchema } from '../catalog/form-definition.js';
import { PROCEDURE_ID } from '../catalog/procedure-schema.js';

/** Question and answer ids: kebab-case, short enough for a query string. */
export const FINDER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const finderId = z.string({ error: 'expected a kebab-case id' }).regex(FINDER_ID, { error: 'expected a kebab-case id (a-z, 0-9, -; at most 64 characters)' });

const AnswerSchema = z
  .object({
    id: finderId,
    label: LocalizedTextSchema,
    next: finderId.optional(),
    procedures: z
      .array(z.string().regex(PROCEDURE_ID, { error: 'expected a procedure id' }))
      .min(1, { error: 'a leaf names at least one procedure' })
      .max(50)
      .optional(),
    note: LocalizedTextSchema.optional(),
  })
  .strict();

const QuestionSchema = z
  .object({
    text: LocalizedTextSchema,
    answers: z.array(AnswerSchema).min(1, { error: 'a question has at least one answer' }).max(50),
  })
  .strict();

export const FinderFileSchema = z
  .object({
    start: finderId,
    questions: z.record(finderId, QuestionSchema),
  })
  .strict();

export type FinderFile = z.infer<typeof FinderFileSchema>;
