import { z } from 'zod';
import { InputError, type InputIssue } from '../../errors.js';

/**
 * What the PDF renderer reads from a certificate document (version 1, as
 * `src/issuance/certificate-document.ts` defines it). It is deliberately a
 * structural view: the document may carry more, and the renderer prints only
 * what is listed here. Content that is present is
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
  /** 男 / 女, or the registry's code `1` / `2`. */
  gender: text,
  relationship: text.optional(),
  becameResidentOn: certificateDate.optional(),
  domicile: z.object({ honseki: text, hittosha: text.optional() }).optional(),
  myNumber: z.string().regex(/^[0-9]{12}$/).optional(),
});

const juminhyoContent = z.object({
  address: text.optional(),
  householdHead: text.optional(),
  members: z.array(householdMember).min(1).max(50),
  /** Items left out (記載省略), as the certificate states them. */
  omitted: z.array(text).max(20).optional(),
});

/** A 年度 as a Western start year (2024) or both ways ({ year: 2024, wareki: 令和6年度 }). */
const fiscalYear = z.union([z.number().int().min(1989).max(2200), z.object({ year: z.number().int().min(1989).max(2200), wareki: text })]);

// zod leaves a `__proto__` key out of a parsed record, so no item can replace a record's prototype.
const itemName = z.string().max(60);
/** 扶養親族の人数 by kind, or any other breakdown: small non-negative counts. */
const counts = z.record(itemName, z.number().int().min(0).max(99));
const breakdown = z.record(itemName, z.union([amount, text, counts]));

const taxCertificateContent = z.object({
  fiscalYear,
  incomeYear: z.object({ year: z.number().int(), wareki: text }).optional(),
  nonTaxable: z.boolean().optional(),
  income: breakdown,
  deductions: breakdown,
  tax: breakdown,
  purpose: text.optional(),
  statement: text.optional(),
});

const taxPayment = z.object({
  taxKind: text,
  taxKindName: text.optional(),
  assessed: amount.optional(),
  paid: amount,
  unpaid: amount,
  dueDate: certificateDate.optional(),
});

const taxPaymentCertificateContent = z.object({
  fiscalYear: fiscalYear.optional(),
  payments: z.array(taxPayment).max(50),
  totalUnpaid: amount.optional(),
  purpose: text.optional(),
  vehicleNumber: text.optional(),
  corporateNumber: text.optional(),
  statement: text.optional(),
});

const header = {
  version: z.literal(1),
  id: z.string().min(1).max(100),
  issuer: z.object({ name: text, localGovernmentCode: z.string().max(6).optional(), mayor: text }),
  serial: z.string().min(1).max(120),
  issuedAt: z.iso.datetime({ offset: true }),
  subject: z.object({ name: text, nameKana: text.optional(), birthDate: certificateDate.optional(), address: text.optional() }),
  validity: z.object({ notAfter: z.string().max(40) }).partial().optional(),
  /** 認証文, the issue date in 和暦 and the signatory printed under it. */
  certification: z.object({ text, issuedOn: text.optional(), signatory: text.optional() }),
  testDocument: z.literal(true).optional(),
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
/** A 年度 field of a certificate document. */
export type FiscalYear = z.infer<typeof fiscalYear>;
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
  throw new InputError('certificate-document-unrenderable', 'The certificate document does not have the shape the PDF renderer prints.', issues);
}
