import type { Procedure } from '../../catalog/procedure.js';
import { computeFee } from '../../intake/fee.js';
import type { ApplicationRecord } from '../../store/types.js';

/** What the kiosk prints and collects for one application. */
export interface PickupCharge {
  copies: number;
  /** Whole yen still due at the kiosk: the procedure's fee less what was paid online at intake. */
  feeYen: number;
}

/**
 * Copies come from the form where a per-copy fee reads them (1 otherwise);
 * the kiosk collects only what intake did not already take (a captured
 * online payment, or an exemption, leaves nothing due).
 */
export function pickupChargeOf(procedure: Procedure, application: ApplicationRecord): PickupCharge {
  const copies = procedure.fee.kind === 'per-copy' ? ownNumberAt(application.form, procedure.fee.copies) ?? 1 : 1;
  const paidOnline = typeof application.payment?.amount === 'number' ? application.payment.amount : 0;
  const feeYen = Math.max(0, computeFee(procedure, application.form).amount - paidOnline);
  return { copies, feeYen };
}

/** The number at an RFC 6901 pointer, following own properties only. */
function ownNumberAt(document: Record<string, unknown>, pointer: string): number | undefined {
  let current: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return typeof current === 'number' ? current : undefined;
}
