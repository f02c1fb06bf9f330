import { z } from 'zod';
import type { AuditEvent } from '../store/audit-types.js';

/** Every action the trail records today; other helpers add theirs here. */
export const AUDIT_ACTIONS = [
  'dead-letter.replay-requested',
  'dead-letter.discard-requested',
  'dead-letter.replay',
  'dead-letter.discard',
  'certificate.revoke',
  'delivery.sent',
  'staff.sign-in',
  'staff.sign-out',
  'review.claim',
  'review.approve',
  'review.reject',
  'review.return',
  'personal-data.view',
  'prefill.lookup',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Ids are machine ids: no spaces, no free text that could carry a name or an address. */
const Id = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII without spaces, 1–200 characters');
/** Reasons are as long as the API lets staff write them. */
export const MAX_AUDIT_REASON_LENGTH = 500;

const AuditEventSchema = z
  .object({
    // Date.prototype.toISOString(): the stores compare and index times in exactly this form.
    at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO-8601 UTC time as Date.prototype.toISOString() writes it'),
    actor: z.object({ kind: z.enum(['staff', 'client', 'system']), id: Id, role: z.string().regex(/^[a-z][a-z-]{0,39}$/) }).strict(),
    action: z.enum(AUDIT_ACTIONS),
    target: z.object({ type: z.string().regex(/^[a-z][a-z-]{0,39}$/), id: Id }).strict(),
    reason: z.string().min(1).max(MAX_AUDIT_REASON_LENGTH).optional(),
  })
  .strict();

/** The event as recorded, or a TypeError naming the field: an event the code builds wrongly is a bug, never stored. */
export function checkAuditEvent(event: AuditEvent): AuditEvent {
  const parsed = AuditEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TypeError(`audit event: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { reason, ...rest } = parsed.data;
  return reason === undefined ? rest : { ...rest, reason };
}
