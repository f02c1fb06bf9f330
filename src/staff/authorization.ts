import type { StaffMember, StaffRole } from './roles.js';

/**
 * The authorisation matrix: which role may do what, and whether the action is
 * bound to the wards the staff member belongs to. This table is the one place
 * the console and the staff API ask; test/staff/authorization.test.ts walks it.
 *
 * - `ward`: allowed only on an application (or queue) of one of the staff member's wards.
 * - `city`: allowed city-wide (dead letters, audit trail, certificates have no ward).
 */
export const STAFF_ACTIONS = {
  'view-queue': { scope: 'ward', roles: ['clerk', 'approver', 'auditor'] },
  'view-application': { scope: 'ward', roles: ['clerk', 'approver', 'auditor'] },
  'view-personal-data': { scope: 'ward', roles: ['clerk', 'approver'] },
  'claim-review': { scope: 'ward', roles: ['clerk', 'approver'] },
  'approve-review': { scope: 'ward', roles: ['clerk', 'approver'] },
  'reject-review': { scope: 'ward', roles: ['clerk', 'approver'] },
  'return-for-correction': { scope: 'ward', roles: ['clerk', 'approver'] },
  'decide-escalated-review': { scope: 'ward', roles: ['approver'] },
  'view-deliveries': { scope: 'city', roles: ['operator', 'auditor', 'admin'] },
  'view-dead-letters': { scope: 'city', roles: ['operator', 'auditor', 'admin'] },
  'request-dead-letter-action': { scope: 'city', roles: ['operator'] },
  'approve-dead-letter-action': { scope: 'city', roles: ['operator'] },
  'revoke-certificate': { scope: 'city', roles: ['admin'] },
  'view-audit-trail': { scope: 'city', roles: ['auditor', 'admin'] },
  'export-audit-trail': { scope: 'city', roles: ['auditor'] },
  // anonymous counts, city-wide: no ward and no personal data in them
  'view-statistics': { scope: 'city', roles: ['operator', 'auditor', 'admin'] },
} as const satisfies Record<string, { scope: 'ward' | 'city'; roles: readonly StaffRole[] }>;

export type StaffAction = keyof typeof STAFF_ACTIONS;

/**
 * Whether `staff` may do `action`; for a ward-bound action, on something of
 * `wardCode` (a ward-bound action without a ward is refused).
 */
export function isAllowed(staff: Pick<StaffMember, 'roles' | 'wards'>, action: StaffAction, wardCode?: string): boolean {
  const rule = STAFF_ACTIONS[action];
  const hasRole = staff.roles.some((role) => (rule.roles as readonly StaffRole[]).includes(role));
  if (!hasRole) return false;
  if (rule.scope === 'city') return true;
  return wardCode !== undefined && staff.wards.includes(wardCode);
}

/** The actions `staff` may do somewhere (in at least one of their wards, or city-wide): what the console offers them. */
export function allowedActions(staff: Pick<StaffMember, 'roles' | 'wards'>): StaffAction[] {
  return (Object.keys(STAFF_ACTIONS) as StaffAction[]).filter((action) => {
    const rule = STAFF_ACTIONS[action];
    return rule.scope === 'city' ? isAllowed(staff, action) : staff.wards.some((ward) => isAllowed(staff, action, ward));
  });
}
