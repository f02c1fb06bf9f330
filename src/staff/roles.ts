/** The roles a staff member can hold, as the city's identity provider names them in the `roles` claim. */
export const STAFF_ROLES = ['clerk', 'approver', 'operator', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What each role is called in the console. */
export const ROLE_LABELS: Record<StaffRole, { ja: string; en: string }> = {
  clerk: { ja: '受付・審査', en: 'Clerk (intake and review)' },
  approver: { ja: '決裁', en: 'Approver' },
  operator: { ja: '運用（配信・デッドレター）', en: 'Operator (deliveries, dead letters)' },
  auditor: { ja: '監査（閲覧のみ）', en: 'Auditor (read-only)' },
  admin: { ja: '管理者', en: 'Administrator' },
};

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** A signed-in staff member as the gateway knows them: who, in which roles, for which wards. */
export interface StaffMember {
  /** The identity provider's subject. */
  id: string;
  name: string;
  roles: StaffRole[];
  /** 6-digit 地方公共団体コード of the wards they work for. */
  wards: string[];
}
