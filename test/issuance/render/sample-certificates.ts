/**
 * Certificate documents as issuance composes them, for the renderer's tests
 * and benchmark. Everyone is invented (fixtures/residents/residents.json).
 */

const header = {
  version: 1,
  issuer: { name: '大阪市', localGovernmentCode: '271004', mayor: '大阪市長　横山　英幸' },
  issuedAt: '2026-12-01T01:30:00.000Z',
  validity: { notAfter: '2027-03-01T00:00:00.000Z' },
} as const;

/** A 住民票の写し of a four-person household with 続柄, 本籍 and 個人番号 requested. */
export function juminhyoDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...header,
    id: 'crt_01JDMXK3V7Q4Y8ZP2N6R5T9W0A',
    type: 'juminhyo-copy',
    serial: '20261201-大阪市-ONLINE01-000123',
    subject: { name: '山﨑　正', nameKana: 'ヤマサキ　タダシ', birthDate: { iso: '1955-03-12', wareki: '昭和30年3月12日' }, address: '大阪府大阪市阿倍野区阪南町3丁目14番22号' },
    content: {
      address: '大阪府大阪市阿倍野区阪南町3丁目14番22号',
      householdHead: '山﨑　正',
      members: [
        { name: '山﨑　正', nameKana: 'ヤマサキ　タダシ', birthDate: { iso: '1955-03-12', wareki: '昭和30年3月12日' }, gender: '1', relationship: '世帯主', becameResidentOn: { iso: '1985-04-01', wareki: '昭和60年4月1日' }, domicile: { honseki: '大阪府大阪市阿倍野区阪南町3丁目14番', head: '山﨑　正' }, myNumber: '123456789018' },
        { name: '山﨑　和子', nameKana: 'ヤマサキ　カズコ', birthDate: { iso: '1957-11-03', wareki: '昭和32年11月3日' }, gender: '2', relationship: '妻', becameResidentOn: '1985-04-01', domicile: { honseki: '大阪府大阪市阿倍野区阪南町3丁目14番', head: '山﨑　正' }, myNumber: '987654321098' },
        { name: '𠮷田　結衣', nameKana: 'ヨシダ　ユイ', birthDate: { iso: '2008-07-07', wareki: '平成20年7月7日' }, gender: '2', relationship: '子の子', domicile: { honseki: '大阪府大阪市阿倍野区阪南町3丁目14番', head: '山﨑　正' }, myNumber: '111122223333' },
        { name: '葛\u{E0100}西　陽向', nameKana: 'カサイ　ヒナタ', birthDate: { iso: null, wareki: '年月日不詳' }, gender: '1', relationship: '同居人', domicile: { honseki: '東京都葛飾区立石5丁目13番', head: '葛西　一郎' }, myNumber: '444455556666' },
      ],
    },
    verification: { url: 'https://gateway.example.city.osaka.lg.jp/verify?id=crt_01JDMXK3V7Q4Y8ZP2N6R5T9W0A' },
    certificationText: 'この写しは、住民票の原本と相違ないことを証明する。',
    ...overrides,
  };
}

/** A 住民票の写し of one person with the items left out by default (no 続柄, 本籍, 個人番号). */
export function plainJuminhyoDocument(): Record<string, unknown> {
  const document = juminhyoDocument();
  return {
    ...document,
    content: {
      address: '大阪府大阪市北区天満2丁目1番8号',
      members: [{ name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, gender: '1' }],
    },
  };
}

/** A 課税（所得）証明書 for 令和6年度 from the tax system's record. */
export function taxCertificateDocument(): Record<string, unknown> {
  return {
    ...header,
    id: 'crt_01JDMXM0TAXCERT0000000000B',
    type: 'tax-certificate',
    serial: '20261201-大阪市-ONLINE01-000124',
    subject: { name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, address: '大阪府大阪市北区天満2丁目1番8号' },
    content: {
      fiscalYear: 2024,
      status: 'assessed',
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
        basic: 430000,
        total: 1583200,
      },
      tax: { taxableGeneral: 2232000, taxableSeparate: 0, cityIncomeLevy: 176500, cityPerCapita: 3000, prefecturalIncomeLevy: 44100, prefecturalPerCapita: 1300, annualTax: 224900 },
    },
    certificationText: '上記のとおり証明します。',
  };
}

/** A 納税証明書 with one unpaid 税目. */
export function taxPaymentCertificateDocument(): Record<string, unknown> {
  return {
    ...header,
    id: 'crt_01JDMXN0PAYCERT0000000000C',
    type: 'tax-payment-certificate',
    serial: '20261201-大阪市-ONLINE01-000125',
    subject: { name: '中村　誠', address: '大阪府大阪市住吉区長居東4丁目2番15号' },
    content: {
      fiscalYear: 2025,
      asOf: '2026-03-31',
      payments: [
        { taxKind: '01', assessed: 120000, paid: 90000, unpaid: 30000, dueDate: '2026-01-31' },
        { taxKind: '03', assessed: 98400, paid: 98400, unpaid: 0, dueDate: '2026-02-28' },
        { taxKind: '04', assessed: 10800, paid: 10800, unpaid: 0, dueDate: '2025-06-02' },
      ],
    },
    certificationText: '上記のとおり証明します。',
  };
}

/** The options issuance passes: a hash and the QR target with id and hash. */
export function renderOptions(id = 'crt_01JDMXK3V7Q4Y8ZP2N6R5T9W0A'): { documentHash: string; verificationUrl: string } {
  const documentHash = '9f2b5c0e7d3a41c8b6e2f0a9d8c7b6a5e4f3d2c1b0a99887766554433221100f';
  return { documentHash, verificationUrl: `https://gateway.example.city.osaka.lg.jp/verify?id=${id}&hash=${documentHash}` };
}
