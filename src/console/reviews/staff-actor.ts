import type { Actor } from '../../reviews/actor.js';
import type { StaffMember, StaffRole } from '../../staff/roles.js';

/** The review role a staff member decides in, strongest first: an approver who is also a clerk signs off as approver. */
const REVIEW_ROLES: readonly StaffRole[] = ['approver', 'clerk', 'admin', 'auditor'];

/**
 * The review desk's actor for a signed-in staff member: kind `staff`, their
 * id, the review role their session's roles give (the desk checks it per
 * decision), their wards. Undefined for a member with no role in reviews.
 */
export function actorOfStaff(staff: StaffMember): Actor | undefined {
  const role = REVIEW_ROLES.find((candidate) => staff.roles.includes(candidate));
  return role ? { kind: 'staff', id: staff.id, role, wards: staff.wards } : undefined;
}
