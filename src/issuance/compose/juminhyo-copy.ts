import type { JuminhyoContent, JuminhyoMember } from '../certificate-document.js';
import type { ComposeContext, ComposedParts } from './compose-context.js';
import { formField, formValue } from './form-values.js';
import { CertificateNotIssuable } from './not-issuable.js';
import { householdOf, residentOf, type RegistryHousehold, type RegistryResident } from './step-results.js';
import { birthDateOf, subjectOf } from './subject.js';

const GENDER_LABELS: Readonly<Record<RegistryResident['gender'], string>> = { '1': '男', '2': '女' };
const RESIDENT = '住民';

/** Names compared as the registry and a form may write them: NFC, without any kind of space. */
function sameName(a: string, b: string): boolean {
  const normalise = (name: string) => name.normalize('NFC').replace(/[\s\u3000]/g, '');
  return normalise(a) === normalise(b);
}

interface RequestedItems {
  householdHead: boolean;
  relationship: boolean;
  domicile: boolean;
  myNumber: boolean;
}

/**
 * What the resident asked to show. 個人番号 counts only when the procedure's
 * form offers it and a purpose other than `omit` was chosen: a procedure
 * without the item never shows it, whatever the form data says.
 */
function requestedItems(context: ComposeContext): RequestedItems {
  const { form } = context.application;
  const myNumberField = formField(context.procedure, ['content', 'myNumber']);
  const myNumberChoice = formValue(form, ['content', 'myNumber']);
  const myNumberAllowed =
    myNumberField?.kind === 'code' && typeof myNumberChoice === 'string' && myNumberChoice !== 'omit' && myNumberField.options.some((option) => option.value === myNumberChoice);
  return {
    householdHead: formValue(form, ['content', 'householdHead']) === true,
    relationship: formValue(form, ['content', 'relationship']) === true,
    domicile: formValue(form, ['content', 'domicile']) === true,
    myNumber: myNumberAllowed,
  };
}

function selectedMembers(context: ComposeContext, candidates: RegistryResident[]): RegistryResident[] {
  const wanted = formValue(context.application.form, ['request', 'members']);
  if (!Array.isArray(wanted) || wanted.length === 0) throw new CertificateNotIssuable('記載する世帯員の指定がありません / No household members were selected');
  return wanted.map((entry: unknown) => {
    const name = formValue(entry as Record<string, unknown>, ['name']);
    const birthDate = formValue(entry as Record<string, unknown>, ['birthDate']);
    const match = candidates.find((member) => typeof name === 'string' && sameName(member.name, name) && member.birthDate.iso === birthDate);
    if (!match) {
      throw new CertificateNotIssuable('指定された方が同じ世帯の住民として見つかりません / A selected person was not found as a resident of the household');
    }
    return match;
  });
}

/** The people the copy lists, in the registry's 世帯員並び順. */
function membersFor(context: ComposeContext, scope: JuminhyoContent['scope'], resident: RegistryResident, household: RegistryHousehold | null): RegistryResident[] {
  // Without a household lookup on the route, the registry record of the applicant is all there is.
  const candidates = household ? household.members.filter((member) => member.status === RESIDENT) : [resident];
  if (scope === 'self') return [resident];
  if (scope === 'household') return candidates;
  const selected = new Set(selectedMembers(context, candidates));
  return candidates.filter((member) => selected.has(member));
}

function householdHeadName(resident: RegistryResident, household: RegistryHousehold | null): string {
  if (resident.relationship === '世帯主') return resident.name;
  const head = household?.members.find((member) => member.atenaNumber === resident.householdHead);
  if (!head) throw new CertificateNotIssuable('世帯主の氏名を住民記録から取得できませんでした / The name of the head of household could not be obtained from the registry');
  return head.name;
}

function memberOf(record: RegistryResident, items: RequestedItems): JuminhyoMember {
  const member: JuminhyoMember = { name: record.name, nameKana: record.nameKana, birthDate: birthDateOf(record), gender: GENDER_LABELS[record.gender] };
  if (items.relationship) member.relationship = record.relationship;
  if (items.domicile) {
    if (!record.domicile) {
      throw new CertificateNotIssuable(
        '本籍・筆頭者を住民記録システムから取得できないため、電子交付できません。記載を省略して請求するか、窓口でご請求ください / The registered domicile is not available from the registry for electronic issuance; request without it or at the counter',
      );
    }
    member.domicile = { honseki: record.domicile.honseki, hittosha: record.domicile.hittosha };
  }
  if (items.myNumber) {
    if (!record.myNumber) {
      throw new CertificateNotIssuable(
        '個人番号を住民記録システムから取得できないため、個人番号入りの写しは電子交付できません。記載を省略して請求するか、窓口でご請求ください / The Individual Number is not available for electronic issuance; request without it or at the counter',
      );
    }
    member.myNumber = record.myNumber;
  }
  return member;
}

/** 住民票の写し from the registry lookup (and a household lookup when the route has one), with only the items requested. */
export function composeJuminhyoCopy(context: ComposeContext): ComposedParts {
  const resident = residentOf(context.procedure, context.results);
  if (!resident) throw new CertificateNotIssuable('住民記録に該当する方が見つかりません / No matching resident was found in the registry');
  if (resident.status !== RESIDENT) {
    throw new CertificateNotIssuable('本市の住民ではないため、住民票の写しは交付できません（除票の写しは窓口でご請求ください） / Not a current resident of the city; a copy of the removed record must be requested at the counter');
  }
  const household = householdOf(context.results);
  const sameHousehold = household?.setaiNumber === resident.setaiNumber ? household : null;
  const requested = formValue(context.application.form, ['request', 'scope']);
  // A copy says 世帯全員 only when the household was looked up; otherwise it certifies the applicant's own record.
  const scope: JuminhyoContent['scope'] = requested === 'selected' || (requested === 'household' && sameHousehold) ? requested : 'self';
  const items = requestedItems(context);

  const content: JuminhyoContent = {
    kind: 'juminhyo',
    scope,
    address: resident.address,
    members: membersFor(context, scope, resident, sameHousehold).map((member) => memberOf(member, items)),
    omitted: [
      ...(items.householdHead ? [] : ['世帯主の氏名']),
      ...(items.relationship ? [] : ['続柄']),
      ...(items.domicile ? [] : ['本籍・筆頭者']),
      ...(items.myNumber ? [] : ['個人番号']),
      '住民票コード',
    ],
  };
  if (items.householdHead) content.householdHead = householdHeadName(resident, sameHousehold);
  return {
    subject: subjectOf(resident),
    content,
    certificationText: scope === 'household' ? 'この写しは、世帯全員の住民票の原本と相違ないことを証明する。' : 'この写しは、住民票の原本と相違ないことを証明する。',
  };
}
