import type { TaxCertificateContent } from '../certificate-document.js';
import type { ComposeContext, ComposedParts } from './compose-context.js';
import { fiscalYearOf, incomeYearOf } from './dates.js';
import { chosenOptionLabel } from './form-values.js';
import { CertificateNotIssuable } from './not-issuable.js';
import { residentOf, taxReplyOf } from './step-results.js';
import { subjectOf } from './subject.js';
import { requireCertifiedReply } from './tax-reply-check.js';

/** 課税(所得)証明書 from the tax system's reply; 非課税 is certified as such, 未申告 is not issuable. */
export function composeTaxCertificate(context: ComposeContext): ComposedParts {
  const resident = residentOf(context.procedure, context.results);
  if (!resident) throw new CertificateNotIssuable('住民記録に該当する方が見つかりません / No matching resident was found in the registry');
  const reply = taxReplyOf(context.procedure, context.results);
  requireCertifiedReply(reply);
  const { data } = reply;
  if (!data.income || !data.deductions || !data.tax) {
    throw new CertificateNotIssuable('税務システムの回答に所得・税額がないため、証明書を発行できません / The tax reply holds no income or tax data');
  }
  const fiscalYear = fiscalYearOf(data.fiscalYear, context.eras);
  const nonTaxable = data.nonTaxable === true || data.resultCode === '10';
  const content: TaxCertificateContent = {
    kind: 'taxation',
    fiscalYear,
    incomeYear: incomeYearOf(data.fiscalYear, context.eras),
    nonTaxable,
    income: data.income,
    deductions: data.deductions,
    tax: data.tax,
    purpose: chosenOptionLabel(context.procedure, context.application.form, ['request', 'purpose']) ?? '',
  };
  if (nonTaxable) content.statement = `${fiscalYear.wareki}の市民税・府民税は非課税です。`;
  return {
    subject: subjectOf(resident),
    content,
    certificationText: nonTaxable
      ? `上記の者は、${fiscalYear.wareki}の市民税・府民税が非課税であることを証明する。`
      : '上記のとおり相違ないことを証明する。',
  };
}
