import type { StaffEvents, StaffSessionEvent } from '../staff/staff-events.js';
import type { AuditActor } from '../store/audit-types.js';
import type { Store } from '../store/types.js';

/**
 * The audit trail listening at the console: staff sign-ins and sign-outs, and
 * views of personal data. A sign-in's entry is appended right after its
 * session is written, not in its transaction (decisions, dead-letter actions
 * and revocations are: src/audit/README.md).
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

/** A staff member was shown an application's personal data (the console's application page); appended before it is shown. */
export async function auditPersonalDataView(store: Store, staff: { id: string; roles: readonly string[] }, applicationId: string, at: string): Promise<void> {
  await store.appendAudit({ at, actor: staffAuditActor(staff.id, staff.roles), action: 'personal-data.view', target: { type: 'application', id: applicationId } });
}
