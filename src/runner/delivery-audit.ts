import type { AuditEvent } from '../store/types.js';
import type { DeliveryRef } from './step-outcome.js';

/** The runner as an audit actor: deliveries are the gateway's own doing. */
const RUNNER = { kind: 'system', id: 'route-runner', role: 'runner' } as const;

/** The audit event for a message a core system took (`delivery` + `<system>:<message id>`). */
export function deliveryAudit(at: string, ref: DeliveryRef): AuditEvent {
  return { at, actor: RUNNER, action: 'delivery.sent', target: { type: 'delivery', id: `${ref.system}:${ref.messageId}` } };
}
