import { CertificateNotIssuable } from './not-issuable.js';
import type { TaxReplyResult } from './step-results.js';

/** 処理結果コード the tax system certifies with: 課税 (00) and 非課税 (10). */
const CERTIFIABLE = new Set(['00', '10']);

/** Throws CertificateNotIssuable for a reply the tax system did not certify (未申告, not a taxpayer, error). */
export function requireCertifiedReply(reply: TaxReplyResult): void {
  if (reply.outcome === 'rejected' || !CERTIFIABLE.has(reply.data.resultCode)) {
    const year = reply.data.fiscalYearWareki ?? `${reply.data.fiscalYear}年度`;
    switch (reply.data.resultCode) {
      case '20':
        throw new CertificateNotIssuable(`${year}の住民税の申告がないため（未申告）、証明書を発行できません。申告後にご請求ください / No tax return was filed for that year (未申告); the certificate can be issued after filing`);
      case '30':
        throw new CertificateNotIssuable(`${year}に本市で課税されていないため、証明書を発行できません / The city did not assess you for that year`);
      default:
        throw new CertificateNotIssuable(`税務システムで証明できませんでした（結果コード ${reply.data.resultCode}） / The tax system could not certify the request`);
    }
  }
}
