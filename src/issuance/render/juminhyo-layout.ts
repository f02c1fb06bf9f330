import type { HouseholdMember, RenderableCertificate } from './certificate-document.js';
import { formatCertificateDate } from './japan-date.js';
import type { LabelledCell, PagePrinter } from './page-printer.js';

type JuminhyoDocument = Extract<RenderableCertificate, { type: 'juminhyo-copy' }>;

const GENDERS: Record<string, string> = { '1': '男', '2': '女', '9': '不詳' };

/** 個人番号 printed in groups of four, as on the card. */
function formatMyNumber(value: string): string {
  return value.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');
}

/** The cells of one person: only the items the document holds are printed. */
export function memberCells(member: HouseholdMember): LabelledCell[] {
  const cells: LabelledCell[] = [
    { label: '氏名', value: member.name, ...(member.nameKana ? { note: member.nameKana } : {}), span: 2 },
    { label: '生年月日', value: formatCertificateDate(member.birthDate) },
    { label: '性別', value: GENDERS[member.gender] ?? member.gender },
  ];
  if (member.relationship !== undefined) cells.push({ label: '続柄', value: member.relationship });
  if (member.becameResidentOn !== undefined) cells.push({ label: '住民となった日', value: formatCertificateDate(member.becameResidentOn) });
  if (member.myNumber !== undefined) cells.push({ label: '個人番号', value: formatMyNumber(member.myNumber), span: 2 });
  if (member.domicile !== undefined) {
    cells.push({ label: '本籍', value: member.domicile.honseki, span: 3 });
    cells.push({ label: '筆頭者', value: member.domicile.hittosha ?? '' });
  }
  return cells;
}

/** The body of a 住民票の写し: the household's address and head, one ruled block per person, then the items left out. */
export function drawJuminhyo(printer: PagePrinter, document: JuminhyoDocument): void {
  const household: LabelledCell[] = [{ label: '住所', value: document.content.address ?? document.subject.address ?? '', span: 4 }];
  if (document.content.householdHead !== undefined) household.push({ label: '世帯主', value: document.content.householdHead, span: 4 });
  printer.cells(household, 4);
  printer.y += 10;
  document.content.members.forEach((member, index) => {
    const cells = memberCells(member);
    printer.ensureSpace(printer.measureCells(cells, 4) + 14);
    printer.paragraph(`${index + 1}`, { size: 8 });
    printer.cells(cells, 4);
    printer.y += 6;
  });
  printer.paragraph(`以下余白（記載人数 ${document.content.members.length}人）`, { size: 9, gap: 4 });
  const omitted = document.content.omitted ?? [];
  if (omitted.length > 0) printer.paragraph(`記載省略事項：${omitted.join('、')}`, { size: 9, gap: 8 });
}
