import type { AuditActor } from '../store/types.js';
import type { Caller } from './env.js';

/** The audit trail's actor for an API client: recorded as that client, by its configured id and role. */
export function auditActorOf(caller: Caller): AuditActor {
  return { kind: 'client', id: caller.id, role: caller.role };
}
