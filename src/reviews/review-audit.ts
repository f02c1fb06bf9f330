import type { AuditEvent } from '../store/types.js';
import type { Actor } from './actor.js';
import type { Decision } from './review-rules.js';

/**
 * The audit entry of a staff decision, written by `saveReview` in the same
 * transaction as the review it changes: who (id and role, never a name), what,
 * on which application, and the reason staff gave.
 */
export function reviewAuditEvent(actor: Actor, decision: Decision, applicationId: string, reason: string | null, at: string): AuditEvent {
  return {
    at,
    actor: { kind: actor.kind, id: actor.id, role: actor.role },
    action: `review.${decision}`,
    target: { type: 'application', id: applicationId },
    ...(reason ? { reason } : {}),
  };
}
