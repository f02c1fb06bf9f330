/**
 * Certificate documents in the shape issuance composes them
 * (src/issuance/certificate-document.ts), for the renderer's tests and
 * benchmark. Everyone is invented (fixtures/residents/residents.json).
 */
import type { CertificateDocument, JuminhyoContent, TaxCertificateContent, TaxPaymentContent } from '../../../src/issuance/certificate-document.js';

const header = {
  version: 1,
  issuer: { name: '大阪市', localGovernmentCode: '271004', mayor: '大阪市長　横山　英幸' },
  issuedAt: '2026-12-01T01:30:00.000Z',
  validity: { notAfter: '2027-03-01T00:00:00.000Z' },
} as const;

const certification = (text: string) => ({ text, issuedOn: '令和8年12月1日', signatory: '大阪市長　横山　英幸' });

const verification = (id: string) => ({ url: `https://gateway.example.city.osaka.lg.jp/verify?id=${id}` });

const HONSEKI = '大阪府大阪市阿倍野区阪南町3丁目14番';

/** A 住民票の写し of a four-person household with 続柄, 本籍 and 個人番号 requested; a 𠮷 and an IVS name among them. */
export function juminhyoDocument(): CertificateDocument & { content: JuminhyoContent } {
  const id = 'crt_01JDMXK3V7Q4Y8ZP2N6R5T9W0A';
  return {
    ...header,
    id,
    type: 'juminhyo-copy',
    serial: '20261201-大阪市-ONLINE01-000123',
    subject: { name: '山﨑　正', nameKana: 'ヤマサキ　タダシ', birthDate: { iso: '1955-03-12', wareki: '昭和30年3月12日' }, address: '大阪府大阪市阿倍野区阪南町3丁目14番22号' },
    content: {
      kind: 'juminhyo',
      scope: 'household',
      address: '大阪府大阪市阿倍野区阪南町3丁目14番22号',
      householdHead: '山﨑　正',
      members: [
        { name: '山﨑　正', nameKana: 'ヤマサキ　タダシ', birthDate: { iso: '1955-03-12', wareki: '昭和30年3月12日' }, gender: '男', relationship: '世帯主', domicile: { honseki: HONSEKI, hittosha: '山﨑　正' }, myNumber: '123456789018' },
        { name: '山﨑　和子', nameKana: 'ヤマサキ　カズコ', birthDate: { iso: '1957-11-03', wareki: '昭和32年11月3日' }, gender: '女', relationship: '妻', domicile: { honseki: HONSEKI, hittosha: '山﨑　正' }, myNumber: '987654321098' },
        { name: '𠮷田　結衣', nameKana: 'ヨシダ　ユイ', birthDate: { iso: '2008-07-07', wareki: '平成20年7月7日' }, gender: '女', relationship: '子の子', domicile: { honseki: HONSEKI, hittosha: '山﨑　正' }, myNumber: '111122223333' },
        { name: '葛\u{E0100}西　陽向', nameKana: 'カサイ　ヒナタ', birthDate: { iso: null, wareki: '年月日不詳' }, gender: '男', relationship: '同居人', domicile: { honseki: '東京都葛飾区立石5丁目13番', hittosha: '葛西　一郎' }, myNumber: '444455556666' },
      ],
      omitted: ['住民票コード'],
    },
    verification: verification(id),
    certification: certification('この写しは、世帯全員の住民票の原本と相違ないことを証明する。'),
  };
}

/** A 住民票の写し of one person with the items left out by default (no 続柄, 本籍, 個人番号). */
export function plainJuminhyoDocument(): CertificateDocument & { content: JuminhyoContent } {
  const document = juminhyoDocument();
  return {
    ...document,
    content: {
      kind: 'juminhyo',
      scope: 'self',
      address: '大阪府大阪市北区天満2丁目1番8号',
      members: [{ name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, gender: '男' }],
      omitted: ['世帯主の氏名', '続柄', '本籍・筆頭者', '個人番号', '住民票コード'],
    },
    certification: certification('この写しは、住民票の原本と相違ないことを証明する。'),
  };
}

/** A 課税（所得）証明書 for 令和6年度 from the tax system's record. */
export function taxCertificateDocument(): CertificateDocument & { content: TaxCertificateContent } {
  const id = 'crt_01JDMXM0TAXCERT0000000000B';
  return {
    ...header,
    id,
    type: 'tax-certificate',
    serial: '20261201-大阪市-ONLINE01-000124',
    subject: { name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, address: '大阪府大阪市北区天満2丁目1番8号' },
    content: {
      kind: 'taxation',
      fiscalYear: { year: 2024, wareki: '令和6年度' },
      incomeYear: { year: 2023, wareki: '令和5年分' },
      nonTaxable: false,
      income: { total: 3816000, salaryRevenue: 5320000, salaryIncome: 3816000, pensionRevenue: 0, miscellaneousIncome: 0, businessIncome: 0, realEstateIncome: 0, separateIncome: 0 },
      deductions: {
        socialInsurance: 776700,
        lifeInsurance: 28000,
        earthquakeInsurance: 18500,
        medical: 0,
        spouseKind: 'spouse',
        spouse: 330000,
        dependants: { general: 0, specific: 0, elderly: 0, elderlyCohabiting: 0, under16: 1 },
        dependant: 0,
        disabled: { special: 0, ordinary: 0, cohabitingSpecial: 0 },
        disability: 0,
        singleParentWidowKind: 'none',
        singleParentWidow: 0,
        workingStudent: 0,
        basic: 430000,
        total: 1583200,
      },
      tax: { taxableGeneral: 2232000, taxableSeparate: 0, cityIncomeLevy: 176500, cityPerCapita: 3000, prefecturalIncomeLevy: 44100, prefecturalPerCapita: 1300, annualTax: 224900 },
      purpose: '金融機関での手続き',
    },
    verification: verification(id),
    certification: certification('上記のとおり相違ないことを証明する。'),
  };
}

/** A 納税証明書 with one unpaid 税目. */
export function taxPaymentCertificateDocument(): CertificateDocument & { content: TaxPaymentContent } {
  const id = 'crt_01JDMXN0PAYCERT0000000000C';
  const due = (iso: string, wareki: string) => ({ iso, wareki });
  return {
    ...header,
    id,
    type: 'tax-payment-certificate',
    serial: '20261201-大阪市-ONLINE01-000125',
    subject: { name: '中村　誠', nameKana: 'ナカムラ　マコト', birthDate: { iso: '1965-05-05', wareki: '昭和40年5月5日' }, address: '大阪府大阪市住吉区長居東4丁目2番15号' },
    content: {
      kind: 'tax-payment',
      fiscalYear: { year: 2025, wareki: '令和7年度' },
      payments: [
        { taxKind: '01', taxKindName: '市民税・府民税（普通徴収）', assessed: 120000, paid: 90000, unpaid: 30000, dueDate: due('2026-01-31', '令和8年1月31日') },
        { taxKind: '03', taxKindName: '固定資産税・都市計画税', assessed: 98400, paid: 98400, unpaid: 0, dueDate: due('2026-02-28', '令和8年2月28日') },
        { taxKind: '04', taxKindName: '軽自動車税（種別割）', assessed: 10800, paid: 10800, unpaid: 0, dueDate: due('2025-06-02', '令和7年6月2日') },
      ],
      arrears: true,
      totalUnpaid: 30000,
      purpose: '入札参加資格の申請',
      statement: '令和7年度の未納額は30,000円です。',
    },
    verification: verification(id),
    certification: certification('上記のとおり相違ないことを証明する。'),
  };
}

/** The options issuance passes: the document hash and the QR target with id and hash. */
export function renderOptions(id = 'crt_01JDMXK3V7Q4Y8ZP2N6R5T9W0A'): { documentHash: string; verificationUrl: string } {
  const documentHash = '9f2b5c0e7d3a41c8b6e2f0a9d8c7b6a5e4f3d2c1b0a99887766554433221100f';
  return { documentHash, verificationUrl: `https://gateway.example.city.osaka.lg.jp/verify?id=${id}&hash=${documentHash}` };
}
