import { TAX_KIND_CODES } from '../../mapping/transforms/code.js';
import type { TaxPaymentContent } from '../certificate-document.js';
import type { ComposeContext, ComposedParts } from './compose-context.js';
import { dualDate, fiscalYearOf } from './dates.js';
import { chosenOptionLabel, formValue } from './form-values.js';
import { CertificateNotIssuable } from './not-issuable.js';
import { residentOf, taxReplyOf } from './step-results.js';
import { subjectOf } from './subject.js';
import { requireCertifiedReply } from './tax-reply-check.js';

/** The form's purpose for which only a fully paid certificate is issued (軽自動車の継続検査). */
const PAID_IN_FULL_PURPOSE = 'vehicle-inspection';

const yen = (amount: number) => `${amount.toLocaleString('ja-JP')}円`;

/**
 * 納税証明書 of the requested tax kind and 年度: 税額, 納付済額 and 未納額.
 * With arrears the certificate states the unpaid total and the earliest
 * unpaid 納期限; for a vehicle inspection, which needs everything paid, it
 * is not issued.
 */
export function composeTaxPaymentCertificate(context: ComposeContext): ComposedParts {
  const resident = residentOf(context.procedure, context.results);
  if (!resident) throw new CertificateNotIssuable('住民記録に該当する方が見つかりません / No matching resident was found in the registry');
  const reply = taxReplyOf(context.procedure, context.results);
  requireCertifiedReply(reply);
  const { form } = context.application;
  const requestedKind = formValue(form, ['request', 'taxKind']);
  // No tax kind on the form: every kind the tax system certified. An unknown one: nothing.
  const kindCode = requestedKind === undefined ? undefined : typeof requestedKind === 'string' && Object.hasOwn(TAX_KIND_CODES, requestedKind) ? TAX_KIND_CODES[requestedKind] : null;
  const payments = (reply.data.payments ?? []).filter((payment) => kindCode === undefined || payment.taxKind === kindCode);
  if (payments.length === 0) {
    throw new CertificateNotIssuable('請求された税目・年度の課税がないため、納税証明書を発行できません / There is no assessment of the requested tax for that year');
  }
  const totalUnpaid = payments.reduce((sum, payment) => sum + payment.unpaid, 0);
  const arrears = totalUnpaid > 0;
  if (arrears && formValue(form, ['request', 'purpose']) === PAID_IN_FULL_PURPOSE) {
    throw new CertificateNotIssuable('未納額があるため、継続検査（車検）用の納税証明書は発行できません。納付後にご請求ください / A certificate for a vehicle inspection needs the tax paid in full');
  }
  const fiscalYear = fiscalYearOf(reply.data.fiscalYear, context.eras);
  const lines = payments.map((payment) => ({
    taxKind: payment.taxKind,
    taxKindName: payment.taxKindName,
    assessed: payment.assessed,
    paid: payment.paid,
    unpaid: payment.unpaid,
    dueDate: dualDate(payment.dueDate, context.eras),
  }));
  const firstUnpaid = lines.find((line) => line.unpaid > 0);
  const content: TaxPaymentContent = {
    kind: 'tax-payment',
    fiscalYear,
    payments: lines,
    arrears,
    totalUnpaid,
    purpose: chosenOptionLabel(context.procedure, form, ['request', 'purpose']) ?? '',
    statement: firstUnpaid
      ? `${fiscalYear.wareki}分に未納額 ${yen(totalUnpaid)} があります（納期限 ${firstUnpaid.dueDate.wareki}）。`
      : `${fiscalYear.wareki}分の税額は納付済みです（未納額なし）。`,
  };
  const vehicleNumber = formValue(form, ['request', 'vehicleNumber']);
  if (typeof vehicleNumber === 'string' && vehicleNumber !== '') content.vehicleNumber = vehicleNumber;
  const corporateNumber = formValue(form, ['request', 'corporateNumber']);
  if (typeof corporateNumber === 'string' && corporateNumber !== '') content.corporateNumber = corporateNumber;
  return { subject: subjectOf(resident), content, certificationText: '上記のとおり相違ないことを証明する。' };
}
