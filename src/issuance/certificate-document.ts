/**
 * The signed electronic certificate as a JSON document. What is signed is
 * the RFC 8785 (JCS) canonical UTF-8 encoding of this object
 * (`src/json/canonical-json.ts`); every member below is inside the signature.
 */

/** The certificates the city issues electronically, named after their procedures. */
export const CERTIFICATE_TYPES = ['juminhyo-copy', 'tax-certificate', 'tax-payment-certificate'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

/** The city as it signs: name, 地方公共団体コード and the mayor. */
export interface CityIdentity {
  /** e.g. `大阪市`. No hyphen: it is a segment of the 発行番号. */
  name: string;
  /** 6 digits with check digit, e.g. `271004`. */
  localGovernmentCode: string;
  /** The mayor's name as printed under the 認証文. */
  mayor: string;
  /** 端末 segment of the 発行番号, e.g. `ONLINE01`. */
  terminal: string;
  /** true when the city signs with the dev PKI: every document it composes is marked as a test document. */
  testDocuments?: boolean;
}

/** A date both ways: Gregorian ISO and as written on certificates (和暦). */
export interface DualDate {
  /** `YYYY-MM-DD`; null when the registry holds the date as 不詳. */
  iso: string | null;
  /** `昭和64年1月7日`, or the registry's 不詳 wording. */
  wareki: string;
}

/** The person the certificate is about, as the resident registry records them. */
export interface CertificateSubject {
  name: string;
  nameKana: string;
  birthDate: DualDate;
  address: string;
}

/** 認証文 with the date and the signatory under it. */
export interface Certification {
  /** e.g. `この写しは、住民票の原本と相違ないことを証明する。` */
  text: string;
  /** The issue date in 和暦 (Japan time), e.g. `令和8年12月1日`. */
  issuedOn: string;
  /** e.g. `大阪市長　大阪　太郎`. */
  signatory: string;
}

/** One person on a 住民票の写し. Optional members appear only when the resident asked for them. */
export interface JuminhyoMember {
  name: string;
  nameKana: string;
  birthDate: DualDate;
  /** 男 or 女. */
  gender: string;
  /** 続柄 (世帯主, 妻, 子の子 …), only when requested. */
  relationship?: string;
  /** 本籍 and 筆頭者, only when requested. */
  domicile?: { honseki: string; hittosha: string };
  /** 個人番号, only when requested for a purpose the law allows. */
  myNumber?: string;
}

/** 住民票の写し. */
export interface JuminhyoContent {
  kind: 'juminhyo';
  /** What was requested: the resident only, the whole household, or selected members. */
  scope: 'self' | 'household' | 'selected';
  address: string;
  /** 世帯主の氏名, only when requested. */
  householdHead?: string;
  members: JuminhyoMember[];
  /** Items left out (記載省略), as the certificate states them. */
  omitted: string[];
}

/** A fiscal year (年度) both ways. */
export interface FiscalYear {
  /** The Western year the 年度 starts in: 2024 = 令和6年度. */
  year: number;
  /** `令和6年度`. */
  wareki: string;
}

/** 課税(所得)証明書. Amounts are whole yen. */
export interface TaxCertificateContent {
  kind: 'taxation';
  fiscalYear: FiscalYear;
  /** The calendar year whose income is certified, e.g. `令和5年分`. */
  incomeYear: { year: number; wareki: string };
  /** true for 非課税. */
  nonTaxable: boolean;
  income: Record<string, number>;
  deductions: Record<string, unknown>;
  tax: Record<string, number>;
  /** 使用目的 as the resident chose it. */
  purpose: string;
  /** A sentence the certificate states, e.g. the 非課税 statement. */
  statement?: string;
}

/** One tax kind on a 納税証明書. */
export interface TaxPaymentLine {
  /** Wire code 01–04. */
  taxKind: string;
  taxKindName: string;
  /** 税額. */
  assessed: number;
  /** 納付済額. */
  paid: number;
  /** 未納額. */
  unpaid: number;
  /** The earliest unpaid instalment's 納期限, or the last one when all is paid. */
  dueDate: DualDate;
}

/** 納税証明書. */
export interface TaxPaymentContent {
  kind: 'tax-payment';
  fiscalYear: FiscalYear;
  payments: TaxPaymentLine[];
  /** true when any 未納額 is left. */
  arrears: boolean;
  totalUnpaid: number;
  purpose: string;
  /** 車両番号 for the light vehicle tax, when given. */
  vehicleNumber?: string;
  /** 法人番号 for the corporate tax, when given. */
  corporateNumber?: string;
  /** What the certificate states about arrears, or that everything is paid. */
  statement: string;
}

export type CertificateContent = JuminhyoContent | TaxCertificateContent | TaxPaymentContent;

/** The document the city signs. */
export interface CertificateDocument {
  version: 1;
  id: string;
  type: CertificateType;
  issuer: { name: string; localGovernmentCode: string; mayor: string };
  /** 発行番号: `YYYYMMDD-市区町村名-端末-連番` (see `serial.ts`). */
  serial: string;
  /** ISO-8601 UTC instant. */
  issuedAt: string;
  subject: CertificateSubject;
  content: CertificateContent;
  /** Until when the certificate may be relied on for the purpose it was issued for (ISO-8601 UTC). */
  validity: { notAfter: string };
  /** Where a person verifies it: `${base}/verify?id=<id>`. The QR code adds the document hash (`verification-link.ts`). */
  verification: { url: string };
  certification: Certification;
  /** Present only on documents signed with the dev PKI; the PDF then carries a 見本 / TEST DOCUMENT watermark. */
  testDocument?: true;
}
