import { describe, expect, it } from 'vitest';
import type { JuminhyoContent, TaxCertificateContent, TaxPaymentContent } from '../../src/issuance/certificate-document.js';
import { composeCertificate, type ComposeInput } from '../../src/issuance/compose/compose-certificate.js';
import { CertificateNotIssuable } from '../../src/issuance/compose/not-issuable.js';
import { ConfigurationError } from '../../src/errors.js';
import { serialFor, SERIAL_PATTERN } from '../../src/issuance/serial.js';
import { canonicalBytes } from '../../src/json/canonical-json.js';
import { ATENA, BASE_URL, CITY, ISSUED_AT, application, juminhyoForm, procedure, registryHousehold, registryResident, taxReply } from './support/issuance-fixtures.js';

const ID = 'crt_0123456789abcdef0123456789abcdef';

async function compose(procedureId: string, form: Record<string, unknown>, results: Record<string, unknown>, overrides: Partial<ComposeInput> = {}) {
  return composeCertificate({
    application: application(procedureId, form),
    procedure: await procedure(procedureId),
    results,
    id: ID,
    issuedAt: ISSUED_AT,
    serial: serialFor(ID, ISSUED_AT, CITY),
    city: CITY,
    verificationBaseUrl: BASE_URL,
    ...overrides,
  });
}

function notIssuable(promise: Promise<unknown>): Promise<CertificateNotIssuable> {
  return promise.then(
    () => {
      throw new Error('expected CertificateNotIssuable');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(CertificateNotIssuable);
      return error as CertificateNotIssuable;
    },
  );
}

describe('住民票の写し', () => {
  it('certifies the applicant alone by default, from the registry record, with every optional item left out', async () => {
    const document = await compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident: registryResident(ATENA.takahashi, { myNumber: true }) } });
    expect(document).toMatchObject({
      version: 1,
      id: ID,
      type: 'juminhyo-copy',
      issuer: { name: '大阪市', localGovernmentCode: '271004', mayor: 'テスト　市長' },
      issuedAt: '2026-12-01T01:00:00.000Z',
      subject: { name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, address: '大阪府大阪市北区天満2丁目1番8号' },
      validity: { notAfter: '2027-03-01T01:00:00.000Z' },
      verification: { url: `${BASE_URL}/verify?id=${ID}` },
      certification: { text: 'この写しは、住民票の原本と相違ないことを証明する。', issuedOn: '令和8年12月1日', signatory: '大阪市長　テスト　市長' },
    });
    expect(document.serial).toMatch(SERIAL_PATTERN);
    expect(document.serial.startsWith('20261201-大阪市-ONLINE01-')).toBe(true);
    const content = document.content as JuminhyoContent;
    expect(content.scope).toBe('self');
    expect(content.members).toEqual([{ name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: { iso: '1989-01-07', wareki: '昭和64年1月7日' }, gender: '男' }]);
    expect(content.householdHead).toBeUndefined();
    expect(content.omitted).toEqual(['世帯主の氏名', '続柄', '本籍・筆頭者', '個人番号', '住民票コード']);
    // The registry returned 個人番号, but it was not requested: it is nowhere in the signed bytes.
    expect(canonicalBytes(document).toString('utf8')).not.toContain('137213112630');
  });

  it('lists every current household member with 続柄 and the head of household when asked, in registry order', async () => {
    const document = await compose('juminhyo-copy', juminhyoForm({ scope: 'household' }, { householdHead: true, relationship: true }), {
      'lookup-resident': { resident: registryResident(ATENA.takahashiWife) },
      'lookup-household': { household: registryHousehold(ATENA.takahashiWife) },
    });
    const content = document.content as JuminhyoContent;
    expect(content.scope).toBe('household');
    expect(content.householdHead).toBe('髙橋　一郎');
    expect(content.members.map((member) => [member.name, member.relationship, member.birthDate.wareki])).toEqual([
      ['髙橋　一郎', '世帯主', '昭和64年1月7日'],
      ['髙橋　美穂', '妻', '平成2年6月15日'],
      ['髙橋　翔太', '子', '令和元年5月1日'],
    ]);
    expect(content.omitted).toEqual(['本籍・筆頭者', '個人番号', '住民票コード']);
    expect(document.certification.text).toBe('この写しは、世帯全員の住民票の原本と相違ないことを証明する。');
    // The subject is the applicant, not the head.
    expect(document.subject.name).toBe('髙橋　美穂');
  });

  it('certifies only the applicant when a household copy is asked for but the route looked up no household', async () => {
    const document = await compose('juminhyo-copy', juminhyoForm({ scope: 'household' }), { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } });
    const content = document.content as JuminhyoContent;
    expect(content.scope).toBe('self');
    expect(content.members.map((member) => member.name)).toEqual(['髙橋　一郎']);
    expect(document.certification.text).toBe('この写しは、住民票の原本と相違ないことを証明する。');
  });

  it('lists selected members matched by name (any spacing) and birth date, in registry order', async () => {
    const members = [
      { name: '髙橋 翔太', birthDate: '2019-05-01' },
      { name: '髙橋　一郎', birthDate: '1989-01-07' },
    ];
    const document = await compose('juminhyo-copy', juminhyoForm({ scope: 'selected', members }), {
      'lookup-resident': { resident: registryResident(ATENA.takahashi) },
      'lookup-household': { household: registryHousehold(ATENA.takahashi) },
    });
    expect((document.content as JuminhyoContent).members.map((member) => member.name)).toEqual(['髙橋　一郎', '髙橋　翔太']);
  });

  it('refuses a selected person who is not in the household, without naming them', async () => {
    const error = await notIssuable(
      compose('juminhyo-copy', juminhyoForm({ scope: 'selected', members: [{ name: '山田　花子', birthDate: '1990-01-01' }] }), {
        'lookup-resident': { resident: registryResident(ATENA.takahashi) },
        'lookup-household': { household: registryHousehold(ATENA.takahashi) },
      }),
    );
    expect(error.reason).toContain('世帯');
    expect(error.reason).not.toContain('山田');
  });

  it('refuses hostile selected-member entries without failing', async () => {
    const results = { 'lookup-resident': { resident: registryResident(ATENA.takahashi) }, 'lookup-household': { household: registryHousehold(ATENA.takahashi) } };
    const hostile = JSON.parse('[null, 42, {"__proto__": {"name": "髙橋　一郎", "birthDate": "1989-01-07"}}, {"name": ["髙橋　一郎"], "birthDate": "1989-01-07"}]') as unknown[];
    for (const members of [hostile, [], 'everyone', Array.from({ length: 10_000 }, () => ({ name: '髙橋　一郎', birthDate: '1900-01-01' }))]) {
      await notIssuable(compose('juminhyo-copy', juminhyoForm({ scope: 'selected', members }), results));
    }
  });

  it('shows 個人番号 only when requested for an allowed purpose, for every listed member', async () => {
    const results = {
      'lookup-resident': { resident: registryResident(ATENA.takahashi, { myNumber: true }) },
      'lookup-household': { household: registryHousehold(ATENA.takahashi, { myNumber: true }) },
    };
    const document = await compose('juminhyo-copy', juminhyoForm({ scope: 'household' }, { myNumber: 'tax' }), results);
    const content = document.content as JuminhyoContent;
    expect(content.members.map((member) => member.myNumber)).toEqual(['137213112630', '195008813979', '041124462892']);
    expect(content.omitted).not.toContain('個人番号');
    // An option the procedure does not offer is not a request.
    const unknownChoice = await compose('juminhyo-copy', juminhyoForm({ scope: 'household' }, { myNumber: 'curiosity' }), results);
    expect((unknownChoice.content as JuminhyoContent).members.every((member) => member.myNumber === undefined)).toBe(true);
  });

  it('refuses 個人番号 when the registry did not return it, rather than issuing a copy without it', async () => {
    const error = await notIssuable(compose('juminhyo-copy', juminhyoForm({}, { myNumber: 'social-security' }), { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } }));
    expect(error.reason).toContain('個人番号');
  });

  it('shows 本籍・筆頭者 when requested and the registry supplies them; refuses when it cannot', async () => {
    const resident = { ...registryResident(ATENA.takahashi), domicile: { honseki: '大阪府大阪市北区天満二丁目1番', hittosha: '髙橋　一郎' } };
    const document = await compose('juminhyo-copy', juminhyoForm({}, { domicile: true }), { 'lookup-resident': { resident } });
    expect((document.content as JuminhyoContent).members[0]!.domicile).toEqual({ honseki: '大阪府大阪市北区天満二丁目1番', hittosha: '髙橋　一郎' });
    const withoutDomicile = await compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident } });
    expect((withoutDomicile.content as JuminhyoContent).members[0]!.domicile).toBeUndefined();
    const error = await notIssuable(compose('juminhyo-copy', juminhyoForm({}, { domicile: true }), { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } }));
    expect(error.reason).toContain('本籍');
  });

  it('refuses when the registry found nobody, or the person has moved out', async () => {
    await notIssuable(compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident: null } }));
    const movedOut = { ...registryResident(ATENA.takahashi), status: '転出' };
    expect((await notIssuable(compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident: movedOut } }))).reason).toContain('除票');
  });

  it('is a configuration error when the route has no registry lookup or its result is not a resident record', async () => {
    await expect(compose('juminhyo-copy', juminhyoForm({}), {})).rejects.toBeInstanceOf(ConfigurationError);
    await expect(compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident: { __proto__: { name: 'x' } } } })).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('課税(所得)証明書', () => {
  const form = { request: { fiscalYear: 2024, copies: 1, purpose: 'nursery' } };

  it('certifies income, deductions and tax of the fiscal year from the tax reply', async () => {
    const document = await compose('tax-certificate', form, {
      'lookup-resident': { resident: registryResident(ATENA.takahashi) },
      'await-assessment': taxReply(ATENA.takahashi, 2024, 'taxation-certificate'),
    });
    expect(document.type).toBe('tax-certificate');
    const content = document.content as TaxCertificateContent;
    expect(content).toMatchObject({
      kind: 'taxation',
      fiscalYear: { year: 2024, wareki: '令和6年度' },
      incomeYear: { year: 2023, wareki: '令和5年分' },
      nonTaxable: false,
      income: { total: 3816000, salaryRevenue: 5320000 },
      deductions: { basic: 430000, total: 1583200, spouseKind: 'spouse' },
      tax: { cityIncomeLevy: 176500, annualTax: 224900 },
      purpose: '保育所・幼稚園の手続き',
    });
    expect(content.statement).toBeUndefined();
    expect(document.certification.text).toBe('上記のとおり相違ないことを証明する。');
  });

  it('certifies 非課税 as such', async () => {
    const document = await compose('tax-certificate', form, {
      'lookup-resident': { resident: registryResident(ATENA.nonTaxable) },
      'await-assessment': taxReply(ATENA.nonTaxable, 2024, 'taxation-certificate'),
    });
    const content = document.content as TaxCertificateContent;
    expect(content.nonTaxable).toBe(true);
    expect(content.statement).toBe('令和6年度の市民税・府民税は非課税です。');
    expect(document.certification.text).toBe('上記の者は、令和6年度の市民税・府民税が非課税であることを証明する。');
  });

  it('refuses 未申告 with a reason for people', async () => {
    const error = await notIssuable(
      compose('tax-certificate', form, {
        'lookup-resident': { resident: registryResident(ATENA.undeclared) },
        'await-assessment': taxReply(ATENA.undeclared, 2024, 'taxation-certificate'),
      }),
    );
    expect(error.reason).toContain('未申告');
    expect(error.reason).toContain('令和6年度');
  });

  it('refuses a year in which the person was not a taxpayer of the city', async () => {
    const error = await notIssuable(
      compose('tax-certificate', { request: { fiscalYear: 2019, copies: 1, purpose: 'nursery' } }, {
        'lookup-resident': { resident: registryResident(ATENA.takahashi) },
        'await-assessment': taxReply(ATENA.takahashi, 2019, 'taxation-certificate'),
      }),
    );
    expect(error.reason).toContain('課税されていない');
  });
});

describe('納税証明書', () => {
  it('states 税額, 納付済額 and 未納額 of the requested tax kind, fully paid', async () => {
    const document = await compose('tax-payment-certificate', { request: { taxKind: 'light-vehicle', fiscalYear: 2024, vehicleNumber: 'なにわ 580 あ 12-34', purpose: 'loan' } }, {
      'lookup-resident': { resident: registryResident(ATENA.takahashi) },
      'await-payment-record': taxReply(ATENA.takahashi, 2024, 'payment-certificate'),
    });
    const content = document.content as TaxPaymentContent;
    expect(content.payments).toHaveLength(1);
    expect(content.payments[0]).toMatchObject({ taxKind: '04', taxKindName: '軽自動車税（種別割）', unpaid: 0 });
    expect(content.payments[0]!.assessed).toBe(content.payments[0]!.paid);
    expect(content).toMatchObject({ arrears: false, totalUnpaid: 0, vehicleNumber: 'なにわ 580 あ 12-34', statement: '令和6年度分の税額は納付済みです（未納額なし）。' });
  });

  it('states arrears with the unpaid total and the earliest unpaid 納期限', async () => {
    const document = await compose('tax-payment-certificate', { request: { taxKind: 'inhabitant', fiscalYear: 2024, purpose: 'loan' } }, {
      'lookup-resident': { resident: registryResident(ATENA.arrears) },
      'await-payment-record': taxReply(ATENA.arrears, 2024, 'payment-certificate'),
    });
    const content = document.content as TaxPaymentContent;
    expect(content.arrears).toBe(true);
    expect(content.totalUnpaid).toBe(102000);
    expect(content.payments[0]!.paid + content.payments[0]!.unpaid).toBe(content.payments[0]!.assessed);
    expect(content.statement).toMatch(/^令和6年度分に未納額 102,000円 があります（納期限 令和\d+年\d+月\d+日）。$/);
  });

  it('lists every certified tax kind when the form names none', async () => {
    const document = await compose('tax-payment-certificate', { request: { fiscalYear: 2024, purpose: 'loan' } }, {
      'lookup-resident': { resident: registryResident(ATENA.arrears) },
      'await-payment-record': taxReply(ATENA.arrears, 2024, 'payment-certificate'),
    });
    const content = document.content as TaxPaymentContent;
    expect(content.payments.map((payment) => [payment.taxKind, payment.unpaid])).toEqual([['01', 102000], ['04', 10800]]);
    expect(content.totalUnpaid).toBe(112800);
  });

  it('refuses a vehicle-inspection certificate while tax is unpaid', async () => {
    const error = await notIssuable(
      compose('tax-payment-certificate', { request: { taxKind: 'light-vehicle', fiscalYear: 2024, vehicleNumber: 'なにわ 580 あ 12-34', purpose: 'vehicle-inspection' } }, {
        'lookup-resident': { resident: registryResident(ATENA.arrears) },
        'await-payment-record': taxReply(ATENA.arrears, 2024, 'payment-certificate'),
      }),
    );
    expect(error.reason).toContain('未納');
  });

  it('refuses a tax kind that is not one, or that the person has no assessment of', async () => {
    for (const taxKind of ['constructor', '__proto__', 'toString', 42]) {
      await notIssuable(
        compose('tax-payment-certificate', { request: { taxKind, fiscalYear: 2024, purpose: 'loan' } }, {
          'lookup-resident': { resident: registryResident(ATENA.takahashi) },
          'await-payment-record': taxReply(ATENA.takahashi, 2024, 'payment-certificate'),
        }),
      );
    }
    await notIssuable(
      compose('tax-payment-certificate', { request: { taxKind: 'corporate', fiscalYear: 2024, corporateNumber: '1234567890123', purpose: 'loan' } }, {
        'lookup-resident': { resident: registryResident(ATENA.takahashi) },
        'await-payment-record': taxReply(ATENA.takahashi, 2024, 'payment-certificate'),
      }),
    );
  });
});

describe('the document', () => {
  it('is the same for the same input, and its canonical bytes are JCS', async () => {
    const results = { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } };
    const first = await compose('juminhyo-copy', juminhyoForm({}), results);
    const second = await compose('juminhyo-copy', juminhyoForm({}), results);
    expect(canonicalBytes(first).equals(canonicalBytes(second))).toBe(true);
    const text = canonicalBytes(first).toString('utf8');
    expect(text.startsWith('{"certification":')).toBe(true);
    expect(JSON.parse(text)).toEqual(first);
  });

  it('clamps the validity to the last day of a shorter month', async () => {
    const issuedAt = new Date('2026-11-30T03:00:00Z');
    const document = await compose('juminhyo-copy', juminhyoForm({}), { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } }, { issuedAt });
    expect(document.validity.notAfter).toBe('2027-02-28T03:00:00.000Z');
  });

  it('refuses a procedure that issues no certificate', async () => {
    await expect(compose('moving-out', {}, {})).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('test documents', () => {
  it('marks the document, inside the signed bytes, when the city signs with the dev PKI, and only then', async () => {
    const results = { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } };
    const devDocument = await compose('juminhyo-copy', juminhyoForm({}), results, { city: { ...CITY, testDocuments: true } });
    expect(devDocument.testDocument).toBe(true);
    expect(JSON.parse(canonicalBytes(devDocument).toString('utf8')).testDocument).toBe(true);
    const realDocument = await compose('juminhyo-copy', juminhyoForm({}), results);
    expect('testDocument' in realDocument).toBe(false);
  });
});
