import type { DecisionEvent } from '../reviews/review-desk.js';
import type { StaffEvents, StaffSessionEvent } from '../staff/staff-events.js';
import type { AuditActor } from '../store/audit-types.js';
import type { Store } from '../store/types.js';

/**
 * The audit trail listening at two seams: staff sign-ins and sign-outs, and
 * review decisions; and the console's views of personal data. Unlike dead-letter actions and revocations, these entries
 * are appended right after the change they record, not in its transaction:
 * a crash between the two loses the entry (src/audit/README.md says so).
 */

/** A staff member as the trail names them: id and roles, never the name. */
export function staffAuditActor(staffId: string, roles: readonly string[]): AuditActor {
  return { kind: 'staff', id: staffId, role: [...roles].sort().join('-') || 'none' };
}

function staffActor(event: StaffSessionEvent): AuditActor {
  return staffAuditActor(event.staffId, event.roles);
}

export function auditStaffEvents(store: Store): StaffEvents {
  return {
    signedIn: async (event) => {
      await store.appendAudit({ at: event.at, actor: staffActor(event), action: 'staff.sign-in', target: { type: 'staff', id: event.staffId } });
    },
    signedOut: async (event) => {
      await store.appendAudit({ at: event.at, actor: staffActor(event), action: 'staff.sign-out', target: { type: 'staff', id: event.staffId } });
    },
  };
}

/** Records who decided; the resident's correction (no staff actor) is in the timeline, not here. */
export async function auditReviewDecision(store: Store, event: DecisionEvent): Promise<void> {
  if (event.actor === null || event.decision === 'correct') return;
  await store.appendAudit({
    at: event.at,
    actor: event.actor,
    action: `review.${event.decision}`,
    target: { type: 'application', id: event.applicationId },
    ...(event.reason ? { reason: event.reason } : {}),
  });
}

/** A staff member was shown an application's personal data (the console's application page); appended before it is shown. */
export async function auditPersonalDataView(store: Store, staff: { id: string; roles: readonly string[] }, applicationId: string, at: string): Promise<void> {
  await store.appendAudit({ at, actor: staffAuditActor(staff.id, staff.roles), action: 'personal-data.view', target: { type: 'application', id: applicationId } });
}
