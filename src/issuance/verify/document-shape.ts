import { z } from 'zod';
import { CERTIFICATE_TYPES } from '../certificate-document.js';

/** What verification reads from a signed document; the rest is the certificate's content. */
export const SignedDocumentSchema = z.object({
  version: z.literal(1),
  id: z.string().min(1).max(128),
  type: z.enum(CERTIFICATE_TYPES),
  issuer: z.object({ name: z.string(), localGovernmentCode: z.string(), mayor: z.string() }),
  issuedAt: z.iso.datetime(),
  validity: z.object({ notAfter: z.iso.datetime() }),
  subject: z.object({ name: z.string() }).optional(),
  content: z.object({ address: z.string().optional(), fiscalYear: z.object({ wareki: z.string() }).optional() }).optional(),
  testDocument: z.literal(true).optional(),
});

export type SignedDocumentHeader = z.infer<typeof SignedDocumentSchema>;
