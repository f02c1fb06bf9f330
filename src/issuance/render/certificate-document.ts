import { z } from 'zod';
import { InputError, type InputIssue } from '../../errors.js';

/**
 * What the PDF renderer reads from a certificate document (version 1). It is
 * deliberately a structural view: the composed document may carry more, and
 * the renderer prints only what is listed here. Content that is present is
 * printed; content that is absent (本籍, 個人番号 when not requested) is left
 * out of the layout altogether, never shown as an empty box.
 */

const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
const text = z.string().max(400);

/** A date as certificates carry it: the ISO date and/or its 和暦 notation (or 年月日不詳). */
const certificateDate = z.union([isoDate, z.object({ iso: isoDate.nullish(), wareki: text.optional() })]);

const amount = z.number().finite();

const householdMember = z.object({
  name: text,
  nameKana: text.optional(),
  birthDate: certificateDate,
  /** `1` 男 / `2` 女 as the registry codes it, or the word itself. */
  gender: text,
  relationship: text.optional(),
  becameResidentOn: certificateDate.optional(),
  domicile: z.object({ honseki: text, head: text.optional() }).optional(),
  myNumber: z.string().regex(/^[0-9]{12}$/).optional(),
});

const juminhyoContent = z.object({
  address: text.optional(),
  householdHead: text.optional(),
  members: z.array(householdMember).min(1).max(50),
});

// zod leaves a `__proto__` key out of a parsed record, so no item can replace a record's prototype.
const itemName = z.string().max(60);
/** 扶養親族の人数 by kind, or any other breakdown: small non-negative counts. */
const counts = z.record(itemName, z.number().int().min(0).max(99));
const breakdown = z.record(itemName, z.union([amount, text, counts]));

const taxCertificateContent = z.object({
  fiscalYear: z.number().int().min(1989).max(2200),
  status: z.enum(['assessed', 'non-taxable']).optional(),
  income: breakdown,
  deductions: breakdown,
  tax: breakdown,
});

const taxPayment = z.object({
  taxKind: text,
  taxKindName: text.optional(),
  fiscalYear: z.number().int().min(1989).max(2200).optional(),
  assessed: amount.optional(),
  paid: amount,
  unpaid: amount,
  dueDate: isoDate.optional(),
});

const taxPaymentCertificateContent = z.object({
  fiscalYear: z.number().int().min(1989).max(2200).optional(),
  asOf: isoDate.optional(),
  payments: z.array(taxPayment).max(50),
});

const header = {
  version: z.literal(1),
  id: z.string().min(1).max(100),
  issuer: z.object({ name: text, localGovernmentCode: z.string().max(6).optional(), mayor: text }),
  serial: z.string().min(1).max(120),
  issuedAt: z.iso.datetime({ offset: true }),
  subject: z.object({ name: text, nameKana: text.optional(), birthDate: certificateDate.optional(), address: text.optional() }),
  validity: z.object({ notAfter: z.string().max(40) }).partial().optional(),
  verification: z.object({ url: z.string().max(2000) }).partial().optional(),
  certificationText: text.optional(),
};

/** The renderer's schema of a certificate document, by type. */
export const renderableCertificateSchema = z.discriminatedUnion('type', [
  z.object({ ...header, type: z.literal('juminhyo-copy'), content: juminhyoContent }),
  z.object({ ...header, type: z.literal('tax-certificate'), content: taxCertificateContent }),
  z.object({ ...header, type: z.literal('tax-payment-certificate'), content: taxPaymentCertificateContent }),
]);

/** A certificate document as the renderer understands it. */
export type RenderableCertificate = z.infer<typeof renderableCertificateSchema>;
/** A 住民票 member as the renderer understands it. */
export type HouseholdMember = z.infer<typeof householdMember>;
/** A date field of a certificate document. */
export type CertificateDate = z.infer<typeof certificateDate>;
/** Content of a 課税（所得）証明書. */
export type TaxCertificateContent = z.infer<typeof taxCertificateContent>;
/** Content of a 納税証明書. */
export type TaxPaymentCertificateContent = z.infer<typeof taxPaymentCertificateContent>;

/**
 * Checks a document against what the renderer needs. A mismatch is an
 * `InputError` (`certificate-document-unrenderable`) whose issues point into
 * the document; the messages never repeat its values.
 */
export function toRenderableCertificate(document: unknown): RenderableCertificate {
  const result = renderableCertificateSchema.safeParse(document);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    pointer: issue.path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''),
    code: issue.code,
    message: issue.code === 'invalid_union' ? 'the value has none of the accepted shapes' : issue.message,
  }));
  throw new InputError('certificate-document-unrenderable', 'Certificate document cannot be rendered', 'The certificate document does not have the shape the PDF renderer prints.', issues);
}
