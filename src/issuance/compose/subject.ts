import type { CertificateSubject, DualDate } from '../certificate-document.js';
import type { RegistryResident } from './step-results.js';

/** The registry's birth date both ways; a 不詳 date keeps the registry's wording and no ISO date. */
export function birthDateOf(resident: RegistryResident): DualDate {
  return { iso: resident.birthDate.unknown ? null : resident.birthDate.iso, wareki: resident.birthDate.wareki };
}

/** The certificate's subject: the registry's record, never what the applicant typed. */
export function subjectOf(resident: RegistryResident): CertificateSubject {
  return { name: resident.name, nameKana: resident.nameKana, birthDate: birthDateOf(resident), address: resident.address };
}
