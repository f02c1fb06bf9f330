import { z } from '@hono/zod-openapi';
import { APPLICATION_STATUSES } from '../store/types.js';

/** Schemas of the API's responses, shared by the routes and the OpenAPI document. */

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/form-invalid' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().openapi({ description: 'The request id' }),
    errors: z
      .array(z.object({ pointer: z.string().openapi({ example: '/form/applicant/birthDate' }), code: z.string(), message: z.string() }))
      .optional(),
  })
  .openapi('Problem');

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const LocalizedTextSchema = z.object({ ja: z.string(), en: z.string() }).openapi('LocalizedText');

export const ProcedureSummarySchema = z
  .object({
    id: z.string(),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    identity: z.enum(['none', 'jpki']),
    fee: z.object({ kind: z.enum(['free', 'fixed', 'per-copy']), amount: z.number().int().optional(), currency: z.literal('JPY') }),
    issuanceMethods: z.array(z.enum(['electronic', 'convenience-store', 'mail'])),
    url: z.string(),
  })
  .openapi('ProcedureSummary');

export const ProcedureDetailSchema = ProcedureSummarySchema.extend({
  form: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (2020-12) of the form' }),
  route: z.array(z.object({ name: z.string(), action: z.string(), system: z.string().optional() })),
}).openapi('ProcedureDetail');

export const AcceptedSchema = z
  .object({
    id: z.string().openapi({ description: 'The application id: a UUIDv7 (RFC 9562), so ids of later applications sort after earlier ones. Treat it as opaque otherwise.' }),
    status: z.enum(APPLICATION_STATUSES),
    statusUrl: z.string(),
    accessToken: z.string().openapi({ description: 'Lets the applicant read the status (X-Access-Token). Shown once per submission; store it.' }),
  })
  .openapi('Accepted');

export const TimelineEntrySchema = z
  .object({ status: z.enum(APPLICATION_STATUSES), at: z.string(), source: z.string(), detail: z.string() })
  .openapi('TimelineEntry');

export const ApplicationStatusSchema = z
  .object({
    id: z.string(),
    procedureId: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    timeline: z.array(TimelineEntrySchema),
    deliveries: z.array(
      z.object({ system: z.string(), messageId: z.string(), state: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), updatedAt: z.string() }),
    ),
    certificates: z.array(z.object({ id: z.string(), type: z.string(), issuedAt: z.string(), revoked: z.boolean(), url: z.string() })),
    purged: z.boolean().openapi({
      description:
        'true once the retention period (保存期間) ended and the personal data were removed: the status, dates, timeline (without details), deliveries and certificates (whose URLs then answer 410) remain',
    }),
    purgedAt: z.string().optional().openapi({ description: 'When the personal data were removed; only when purged' }),
    retentionEndsAt: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: "When the personal data will be removed: the procedure's retention period after the terminal status; null while the application is open; absent once purged" }),
  })
  .openapi('ApplicationStatus');
