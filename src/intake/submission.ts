import { z } from 'zod';

/** The JPKI-style signature evidence of a submission. */
export const SignatureEvidenceSchema = z
  .object({
    format: z.literal('cms-detached').meta({ description: 'CMS (RFC 5652) SignedData, detached content' }),
    value: z
      .string()
      .min(1)
      .max(65_536)
      .meta({ description: 'Base64 DER CMS SignedData over the JCS (RFC 8785) bytes of { procedureId, form }' }),
  })
  .strict()
  .meta({ id: 'SignatureEvidence' });

/** A reference to a card payment made with the city's payment provider. */
export const PaymentReferenceSchema = z
  .object({
    provider: z.string().min(1).max(64),
    // no control characters: it becomes a claim key, and no store keeps U+0000 in a key (PostgreSQL text cannot hold it)
    paymentId: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
  })
  .strict()
  .meta({ id: 'PaymentReference' });

export const IssuanceRequestSchema = z
  .object({ method: z.enum(['electronic', 'convenience-store', 'mail']) })
  .strict()
  .meta({ id: 'IssuanceRequest' });

/** The body of `POST /v1/applications`. The form is validated against its procedure afterwards. */
export const SubmissionSchema = z
  .object({
    procedureId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .meta({ example: 'juminhyo-copy' }),
    form: z.record(z.string(), z.unknown()).meta({ description: 'Fields defined by the procedure (GET /v1/procedures/{id})' }),
    signature: SignatureEvidenceSchema.optional(),
    payment: PaymentReferenceSchema.optional(),
    issuance: IssuanceRequestSchema.optional(),
  })
  .strict()
  .meta({ id: 'Submission' });

export type Submission = z.infer<typeof SubmissionSchema>;
