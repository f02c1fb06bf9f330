import type { PickupRecord } from '../../store/types.js';
import { formatTokyoEn, formatTokyoJa } from './service-hours.js';

/**
 * The resident-facing line for a pickup's timeline entry, in Japanese and
 * English: the code and until when it works once requested, the opening time
 * while pending. Always says until when.
 */
export function pickupDetail(pickup: PickupRecord): string {
  const until = new Date(pickup.expiresAt);
  if (pickup.code === null) {
    const opens = new Date(pickup.notBefore);
    return (
      `${formatTokyoJa(opens)}に受付開始。受け取り期限は${formatTokyoJa(until)}まで / ` +
      `The request will be sent when the service opens at ${formatTokyoEn(opens)}; pickup possible until ${formatTokyoEn(until)}`
    );
  }
  return (
    `コンビニで受け取れます。受付番号 ${pickup.code}、${formatTokyoJa(until)}まで / ` +
    `Ready for pickup at a convenience store with code ${pickup.code} until ${formatTokyoEn(until)}`
  );
}

/** What the step keeps as its result for later steps and staff: no personal data. */
export function pickupResult(pickup: PickupRecord): Record<string, unknown> {
  return { pickup: { certificateId: pickup.certificateId, status: pickup.status, code: pickup.code, notBefore: pickup.notBefore, expiresAt: pickup.expiresAt } };
}
