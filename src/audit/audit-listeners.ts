import type { DecisionEvent } from '../reviews/review-desk.js';
import type { StaffEvents, StaffSessionEvent } from '../staff/staff-events.js';
import type { AuditActor } from '../store/audit-types.js';
import type { Store } from '../store/types.js';

/**
 * The audit trail listening at two seams: staff sign-ins and sign-outs, and
 * review decisions. Unlike dead-letter actions and revocations, these entries
 * are appended right after the change they record, not in its transaction:
 * a crash between the two loses the entry (src/audit/README.md says so).
 */

function staffActor(event: StaffSessionEvent): AuditActor {
  return { kind: 'staff', id: event.staffId, role: [...event.roles].sort().join('-') || 'none' };
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
