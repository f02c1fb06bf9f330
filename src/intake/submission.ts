import { z } from '@hono/zod-openapi';

/** The JPKI-style signature evidence of a submission. */
export const SignatureEvidenceSchema = z
  .object({
    format: z.literal('cms-detached').openapi({ description: 'CMS (RFC 5652) SignedData, detached content' }),
    value: z
      .string()
      .min(1)
      .max(65_536)
      .openapi({ description: 'Base64 DER CMS SignedData over the JCS (RFC 8785) bytes of { procedureId, form }' }),
  })
  .strict()
  .openapi('SignatureEvidence');

/** A reference to a card payment made with the city's payment provider. */
export const PaymentReferenceSchema = z
  .object({
    provider: z.string().min(1).max(64),
    paymentId: z.string().min(1).max(128),
  })
  .strict()
  .openapi('PaymentReference');

export const IssuanceRequestSchema = z
  .object({ method: z.enum(['electronic', 'convenience-store', 'mail']) })
  .strict()
  .openapi('IssuanceRequest');

/** The body of `POST /v1/applications`. The form is validated against its procedure afterwards. */
export const SubmissionSchema = z
  .object({
    procedureId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .openapi({ example: 'juminhyo-copy' }),
    form: z.record(z.string(), z.unknown()).openapi({ description: 'Fields defined by the procedure (GET /v1/procedures/{id})' }),
    signature: SignatureEvidenceSchema.optional(),
    payment: PaymentReferenceSchema.optional(),
    issuance: IssuanceRequestSchema.optional(),
  })
  .strict()
  .openapi('Submission');

export type Submission = z.infer<typeof SubmissionSchema>;
