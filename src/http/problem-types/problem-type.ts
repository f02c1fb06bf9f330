import { z } from '@hono/zod-openapi';

/**
 * The documentation of one problem type: what `GET /problems/{code}` serves
 * for the `type` URI `/problems/<code>` of a problem+json body.
 */
export const ProblemTypeSchema = z
  .object({
    code: z.string().openapi({ example: 'form-invalid', description: 'The slug at the end of the `type` URI' }),
    status: z
      .union([z.number().int(), z.array(z.number().int())])
      .openapi({ example: 422, description: 'The HTTP status sent with this type, or the statuses when the code is used with more than one' }),
    title: z.string().openapi({ example: 'Invalid form', description: 'The `title` of the problem body' }),
    titleJa: z.string().openapi({ example: '入力内容に誤りがあります' }),
    description: z.string().openapi({ description: 'What it means' }),
    descriptionJa: z.string(),
    action: z.string().openapi({ description: 'What the client should do about it' }),
    actionJa: z.string(),
    carriesErrors: z.boolean().openapi({ description: 'true: the problem body carries `errors[]` items `{ pointer, code, message }` with JSON Pointers' }),
    issueCodes: z.array(z.string()).optional().openapi({ description: 'The values `errors[].code` takes, where the list is fixed' }),
  })
  .openapi('ProblemType');

/** One entry of the problem type registry. */
export type ProblemType = z.infer<typeof ProblemTypeSchema>;

/** One line of the index at `GET /problems`. */
export const ProblemTypeSummarySchema = ProblemTypeSchema.pick({ code: true, status: true, title: true, titleJa: true })
  .extend({ href: z.string().openapi({ example: '/problems/form-invalid' }) })
  .openapi('ProblemTypeSummary');

/** One line of the index at `GET /problems`. */
export type ProblemTypeSummary = z.infer<typeof ProblemTypeSummarySchema>;
