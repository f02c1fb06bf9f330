import type { RenderableCertificate, TaxCertificateContent, TaxPaymentCertificateContent } from './certificate-document.js';
import { fiscalStartYear, formatCalendarYear, formatCertificateDate, formatFiscalYear } from './japan-date.js';
import type { LabelledCell, PagePrinter, TableRow } from './page-printer.js';

type TaxDocument = Extract<RenderableCertificate, { type: 'tax-certificate' | 'tax-payment-certificate' }>;
type Breakdown = TaxCertificateContent['income'];

/** Japanese labels of the tax system's item names; an unknown item is printed under its own name. */
const ITEM_LABELS: Record<string, string> = {
  total: '合計',
  salaryRevenue: '給与収入',
  salaryIncome: '給与所得',
  pensionRevenue: '公的年金等収入',
  miscellaneousIncome: '雑所得',
  businessIncome: '事業所得',
  realEstateIncome: '不動産所得',
  separateIncome: '分離課税の所得',
  socialInsurance: '社会保険料控除',
  lifeInsurance: '生命保険料控除',
  earthquakeInsurance: '地震保険料控除',
  medical: '医療費控除',
  spouseKind: '配偶者の区分',
  spouse: '配偶者（特別）控除',
  dependants: '扶養親族の数',
  dependant: '扶養控除',
  disabled: '障害者の数',
  disability: '障害者控除',
  singleParentWidowKind: '寡婦・ひとり親の区分',
  singleParentWidow: '寡婦・ひとり親控除',
  workingStudent: '勤労学生控除',
  basic: '基礎控除',
  taxableGeneral: '課税標準額（総合）',
  taxableSeparate: '課税標準額（分離）',
  cityIncomeLevy: '市民税 所得割額',
  cityPerCapita: '市民税 均等割額',
  prefecturalIncomeLevy: '府民税 所得割額',
  prefecturalPerCapita: '府民税 均等割額',
  annualTax: '年税額',
};

const SECTION_TOTAL_LABELS: Record<string, string> = { income: '合計所得金額', deductions: '所得控除額の合計' };

const VALUE_LABELS: Record<string, string> = {
  none: 'なし',
  spouse: '控除対象配偶者',
  'elderly-spouse': '老人控除対象配偶者',
  special: '配偶者特別控除',
  widow: '寡婦',
  'single-parent': 'ひとり親',
  general: '一般',
  specific: '特定',
  elderly: '老人',
  elderlyCohabiting: '同居老親等',
  under16: '16歳未満',
  ordinary: '普通',
  cohabitingSpecial: '同居特別',
};

/** 税目 by the tax interface's code (adapters/tax/README.md). */
const TAX_KINDS: Record<string, string> = {
  '01': '市民税・府民税（普通徴収）',
  '02': '法人市民税',
  '03': '固定資産税・都市計画税',
  '04': '軽自動車税（種別割）',
};

/** Yen as printed on certificates: 1,234,567円. */
export function formatYen(value: number): string {
  return `${value.toLocaleString('ja-JP')}円`;
}

function formatItem(value: Breakdown[string]): string {
  if (typeof value === 'number') return formatYen(value);
  if (typeof value === 'string') return VALUE_LABELS[value] ?? value;
  const counts = Object.entries(value).filter(([, count]) => count > 0);
  if (counts.length === 0) return 'なし';
  return counts.map(([kind, count]) => `${VALUE_LABELS[kind] ?? kind} ${count}人`).join('　');
}

function sectionRows(heading: string, section: string, items: Breakdown): TableRow[] {
  return [
    { cells: [heading], heading: true },
    ...Object.entries(items).map(([key, value]) => ({
      cells: [(key === 'total' ? SECTION_TOTAL_LABELS[section] : undefined) ?? ITEM_LABELS[key] ?? key, formatItem(value)],
    })),
  ];
}

function subjectCells(document: TaxDocument, period: LabelledCell[], status?: LabelledCell): LabelledCell[] {
  const cells: LabelledCell[] = [
    { label: '住所', value: document.subject.address ?? '', span: status ? 3 : 4 },
    ...(status ? [status] : []),
    { label: '氏名', value: document.subject.name, ...(document.subject.nameKana ? { note: document.subject.nameKana } : {}), span: 2 },
  ];
  if (document.subject.birthDate !== undefined) cells.push({ label: '生年月日', value: formatCertificateDate(document.subject.birthDate), span: 2 });
  cells.push(...period);
  if (document.content.purpose) cells.push({ label: '使用目的', value: document.content.purpose, span: 2 });
  return cells;
}

function statement(printer: PagePrinter, text: string | undefined): void {
  if (text) printer.paragraph(text, { size: 10.5, gap: 6 });
}

/** The body of a 課税（所得）証明書: who, which 年度, then income, deductions and tax as ruled tables. */
export function drawTaxCertificate(printer: PagePrinter, document: TaxDocument & { content: TaxCertificateContent }): void {
  const { content } = document;
  printer.cells(
    subjectCells(document, [{ label: '年度', value: `${formatFiscalYear(content.fiscalYear)}（${content.incomeYear?.wareki ?? formatCalendarYear(fiscalStartYear(content.fiscalYear) - 1)}）`, span: 2 }], {
      label: '区分',
      value: content.nonTaxable ? '非課税' : '課税',
    }),
    4,
  );
  printer.y += 8;
  printer.tablesSideBySide(
    [...sectionRows('所得の状況', 'income', content.income), ...sectionRows('税額', 'tax', content.tax)],
    sectionRows('所得控除の状況', 'deductions', content.deductions),
    [{ fraction: 0.58 }, { fraction: 0.42, align: 'right' }],
  );
  printer.y += 8;
  statement(printer, content.statement);
}

/** The body of a 納税証明書: one row per 税目 with the assessed, paid and unpaid amounts. */
export function drawTaxPaymentCertificate(printer: PagePrinter, document: TaxDocument & { content: TaxPaymentCertificateContent }): void {
  const { content } = document;
  const period: LabelledCell[] = [];
  if (content.fiscalYear !== undefined) period.push({ label: '年度', value: formatFiscalYear(content.fiscalYear), span: 2 });
  if (content.vehicleNumber !== undefined) period.push({ label: '車両番号', value: content.vehicleNumber, span: 2 });
  if (content.corporateNumber !== undefined) period.push({ label: '法人番号', value: content.corporateNumber, span: 2 });
  printer.cells(subjectCells(document, period), 4);
  printer.y += 8;
  const rows: TableRow[] = [{ cells: ['税目', '納期限', '税額', '納付済額', '未納額'], heading: true }];
  for (const payment of content.payments) {
    rows.push({
      cells: [
        payment.taxKindName ?? TAX_KINDS[payment.taxKind] ?? payment.taxKind,
        payment.dueDate !== undefined ? formatCertificateDate(payment.dueDate) : '',
        payment.assessed !== undefined ? formatYen(payment.assessed) : '',
        formatYen(payment.paid),
        formatYen(payment.unpaid),
      ],
    });
  }
  if (content.payments.length === 0) rows.push({ cells: ['該当する課税はありません'] });
  if (content.totalUnpaid !== undefined) rows.push({ cells: ['未納額の合計', '', '', '', formatYen(content.totalUnpaid)] });
  printer.table(rows, [{ fraction: 0.31 }, { fraction: 0.18 }, ...[0.17, 0.17, 0.17].map((fraction) => ({ fraction, align: 'right' as const }))]);
  printer.y += 8;
  statement(printer, content.statement);
}
