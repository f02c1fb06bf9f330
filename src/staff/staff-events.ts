import type { StaffRole } from './roles.js';

/** A staff session began or ended. Ids, roles and wards only: never the name. */
export interface StaffSessionEvent {
  staffId: string;
  roles: StaffRole[];
  wards: string[];
  at: string;
}

/**
 * What the console tells about sign-ins: the seam the audit trail listens
 * at. A listener that throws makes the sign-in fail (nothing is shown to a
 * staff member whose sign-in could not be recorded).
 */
export interface StaffEvents {
  signedIn(event: StaffSessionEvent): Promise<void>;
  /** An explicit sign-out; a session that times out simply ends. */
  signedOut(event: StaffSessionEvent): Promise<void>;
}

/** Until the audit trail listens: nothing happens. */
export const NO_STAFF_EVENTS: StaffEvents = {
  signedIn: async () => {},
  signedOut: async () => {},
};
