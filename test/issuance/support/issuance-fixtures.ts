/**
 * Step results as the route runner keeps them, built from the shared
 * fixtures: residents as the registry adapter returns them, tax replies as
 * the tax adapter hands them over, and applications of the real procedures.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { Procedure } from '../../../src/catalog/procedure.js';
import type { CityIdentity } from '../../../src/issuance/certificate-document.js';
import type { ApplicationRecord } from '../../../src/store/types.js';

interface FixtureResident {
  atenaNumber: string;
  setaiNumber: string;
  juminhyoCode: string;
  myNumber: string;
  name: string;
  nameKana: string;
  gender: '1' | '2';
  birthDate: { iso: string | null; eraCode: number; wareki: string; unknown: boolean };
  address: string;
  postalCode: string | null;
  relationship: string;
  householdHead: string;
  status: string;
}

interface FixtureTaxRecord {
  atenaNumber: string;
  fiscalYear: number;
  status: 'assessed' | 'non-taxable' | 'undeclared';
  income?: Record<string, number>;
  deductions?: Record<string, unknown>;
  tax?: Record<string, number>;
  payments: Array<{ taxKind: string; assessed: number; paid: number; unpaid: number; dueDate: string }>;
}

const residentsFile = JSON.parse(readFileSync('fixtures/residents/residents.json', 'utf8')) as { residents: FixtureResident[] };
const taxFile = JSON.parse(readFileSync('fixtures/tax/tax-records.json', 'utf8')) as { records: FixtureTaxRecord[] };

export const CITY: CityIdentity = { name: '大阪市', localGovernmentCode: '271004', mayor: 'テスト　市長', terminal: 'ONLINE01' };
export const BASE_URL = 'https://kakehashi.example.lg.jp';
/** 2026-12-01 10:00 in Japan. */
export const ISSUED_AT = new Date('2026-12-01T01:00:00Z');

export const ATENA = {
  /** 髙橋　一郎, 世帯主 of a household of three. */
  takahashi: '1034004400',
  takahashiWife: '1034039069',
  takahashiChild: '1034062176',
  /** 非課税 in every year. */
  nonTaxable: '1034039069',
  /** 未納 in 2024 (市民税・府民税 and 軽自動車税). */
  arrears: '1036402756',
  /** 未申告 in every year. */
  undeclared: '1036437770',
} as const;

/** A resident as `lookup-resident` keeps it (the registry adapter's ResidentRecord, 個人番号 when asked). */
export function registryResident(atenaNumber: string, options: { myNumber?: boolean } = {}): Record<string, unknown> {
  const fixture = residentsFile.residents.find((resident) => resident.atenaNumber === atenaNumber);
  if (!fixture) throw new Error(`no fixture resident ${atenaNumber}`);
  const { iso, eraCode, wareki, unknown } = fixture.birthDate;
  return {
    atenaNumber: fixture.atenaNumber,
    setaiNumber: fixture.setaiNumber,
    juminhyoCode: fixture.juminhyoCode,
    name: fixture.name,
    nameKana: fixture.nameKana,
    birthDate: { eraCode, wareki, iso, unknown },
    gender: fixture.gender,
    address: fixture.address,
    postalCode: fixture.postalCode,
    relationship: fixture.relationship,
    householdHead: fixture.householdHead,
    status: fixture.status,
    ...(options.myNumber ? { myNumber: fixture.myNumber } : {}),
  };
}

/** A household lookup's result for the resident's 世帯. */
export function registryHousehold(atenaNumber: string, options: { myNumber?: boolean } = {}): Record<string, unknown> {
  const setaiNumber = residentsFile.residents.find((resident) => resident.atenaNumber === atenaNumber)!.setaiNumber;
  const members = residentsFile.residents.filter((resident) => resident.setaiNumber === setaiNumber);
  return { setaiNumber, householdHead: members[0]!.householdHead, members: members.map((member) => registryResident(member.atenaNumber, options)) };
}

const TAX_KIND_NAMES: Record<string, string> = { '01': '市民税・府民税（普通徴収）', '02': '法人市民税', '03': '固定資産税・都市計画税', '04': '軽自動車税（種別割）' };
const wareki = (fiscalYear: number) => (fiscalYear >= 2020 ? `令和${fiscalYear - 2018}年度` : '令和元年度');

/** The tax adapter's reply for a person-year, as the await-reply step keeps it. */
export function taxReply(atenaNumber: string, fiscalYear: number, requestKind: 'taxation-certificate' | 'payment-certificate'): Record<string, unknown> {
  const record = taxFile.records.find((candidate) => candidate.atenaNumber === atenaNumber && candidate.fiscalYear === fiscalYear);
  const base = { requestKind, atenaNumber, fiscalYear, fiscalYearWareki: wareki(fiscalYear) };
  if (!record) return { outcome: 'rejected', reason: 'not a taxpayer', data: { ...base, resultCode: '30' } };
  if (record.status === 'undeclared') return { outcome: 'rejected', reason: '未申告', data: { ...base, resultCode: '20' } };
  if (requestKind === 'payment-certificate') {
    const payments = record.payments.map((payment) => ({ ...payment, taxKindName: TAX_KIND_NAMES[payment.taxKind]! }));
    return { outcome: 'completed', data: { ...base, resultCode: '00', payments, arrears: payments.some((payment) => payment.unpaid > 0) } };
  }
  const nonTaxable = record.status === 'non-taxable';
  return { outcome: 'completed', data: { ...base, resultCode: nonTaxable ? '10' : '00', nonTaxable, income: record.income, deductions: record.deductions, tax: record.tax } };
}

let procedures: Map<string, Procedure> | undefined;

/** The catalog's real procedure. */
export async function procedure(id: string): Promise<Procedure> {
  procedures ??= new Map((await loadCatalog('mappings/procedures')).list().map((compiled) => [compiled.procedure.id, compiled.procedure]));
  const found = procedures.get(id);
  if (!found) throw new Error(`no procedure ${id}`);
  return found;
}

const APPLICANT = {
  name: '髙橋　一郎',
  nameKana: 'タカハシ　イチロウ',
  birthDate: '1989-01-07',
  gender: '1',
  postalCode: '530-0043',
  address: '大阪府大阪市北区天満2丁目1番8号',
  phone: '06-6208-0000',
  email: 'ichiro@example.jp',
};

/** An application record of `procedureId` with the given form parts over an applicant. */
export function application(procedureId: string, form: Record<string, unknown>, id = 'app-0001'): ApplicationRecord {
  return {
    id,
    procedureId,
    clientId: 'dev-frontend',
    status: 'in-progress',
    form: { applicant: APPLICANT, ...form },
    identity: null,
    payment: null,
    issuance: { method: 'electronic' },
    accessTokenHash: 'a'.repeat(64),
    createdAt: '2026-12-01T00:50:00.000Z',
    updatedAt: '2026-12-01T00:50:00.000Z',
  };
}

/** The 住民票 request part of a form. */
export function juminhyoForm(request: Record<string, unknown>, content: Partial<Record<'householdHead' | 'relationship' | 'domicile', boolean> & { myNumber: string }> = {}): Record<string, unknown> {
  return {
    request: { scope: 'self', copies: 1, purpose: 'bank', ...request },
    content: { householdHead: false, relationship: false, domicile: false, myNumber: 'omit', ...content },
  };
}
