import type { StaffRole } from '../../staff/roles.js';
import { OSAKA_WARDS } from '../../staff/wards.js';

/** A test staff member of the bundled identity provider (dev profile only; fictitious people). */
export interface DevStaffMember {
  /** The subject (`sub`) the provider issues, also what the sign-in page's button sends. */
  id: string;
  name: string;
  roles: StaffRole[];
  /** 地方公共団体コード of their wards (src/staff/wards.ts). */
  wards: string[];
}

/** All 24 wards: the auditor reads across the city. */
const ALL_WARDS = OSAKA_WARDS.map((ward) => ward.code);

/** The test staff listed in the README. */
export const DEV_STAFF: readonly DevStaffMember[] = [
  { id: 'clerk-kita', name: '北野 花子', roles: ['clerk'], wards: ['271276'] },
  { id: 'clerk-kita-2', name: '梅田 健太', roles: ['clerk'], wards: ['271276'] },
  { id: 'approver-kita', name: '天満 直樹', roles: ['approver'], wards: ['271276'] },
  { id: 'approver-kita-2', name: '中崎 真理', roles: ['approver'], wards: ['271276'] },
  { id: 'clerk-miyakojima', name: '都島 美咲', roles: ['clerk'], wards: ['271021'] },
  { id: 'clerk-chuo-nishi', name: '本町 一郎', roles: ['clerk'], wards: ['271284', '271063'] },
  { id: 'approver-miyakojima', name: '桜宮 由美', roles: ['approver'], wards: ['271021'] },
  { id: 'operator-1', name: '運用 次郎', roles: ['operator'], wards: [] },
  { id: 'operator-2', name: '運用 三奈', roles: ['operator'], wards: [] },
  { id: 'auditor', name: '監査 恵子', roles: ['auditor'], wards: ALL_WARDS },
  { id: 'admin', name: '管理 太郎', roles: ['admin'], wards: [] },
];

export function findDevStaff(id: string): DevStaffMember | undefined {
  return DEV_STAFF.find((member) => member.id === id);
}
