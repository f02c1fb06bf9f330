import type { PickupRecord, Store } from '../../store/types.js';
import { parsePickupCode, WRONG_CHECK_PARTS_BEFORE_LOCK } from './pickup-code.js';

/**
 * What a code typed at a kiosk names: a pickup (its code locked or not), or
 * nothing — a guess: not 12 digits, an unknown pickup number, or a known
 * number with a wrong check part. `lockedCertificateId`: this guess locked
 * the code of that certificate's pickup.
 */
export type PickupLookup = { kind: 'pickup'; pickup: PickupRecord; locked: boolean } | { kind: 'guess'; lockedCertificateId?: string };

/**
 * Looks a code up. A wrong check part on an existing pickup number is counted
 * against that pickup (the store locks its code at the
 * {@link WRONG_CHECK_PARTS_BEFORE_LOCK}th), so a number that is known or
 * guessed gets a few tries of its check part, not ten thousand. The guess
 * that locks a code also ends its pickup and tells the resident.
 */
export async function lookUpPickup(store: Store, code: string, now: Date): Promise<PickupLookup> {
  const parts = parsePickupCode(code);
  if (!parts) return { kind: 'guess' };
  const pickup = await store.getPickup(parts.code);
  if (pickup) return { kind: 'pickup', pickup, locked: (await store.getPickupLock(pickup.certificateId)).lockedAt !== null };
  const sameNumber = await store.findPickupByNumber(parts.pickupNumber);
  if (!sameNumber) return { kind: 'guess' };
  const tally = await store.recordWrongCheckPart(sameNumber.certificateId, now.toISOString(), WRONG_CHECK_PARTS_BEFORE_LOCK);
  if (tally.wrongCheckParts !== WRONG_CHECK_PARTS_BEFORE_LOCK) return { kind: 'guess' };
  await tellTheResident(store, sameNumber, now.toISOString());
  return { kind: 'guess', lockedCertificateId: sameNumber.certificateId };
}

const LOCKED_DETAIL =
  '受付番号の誤入力が続いたため、この受付番号は使えなくなりました。必要な場合は改めて申請してください / ' +
  'The pickup code was locked after repeated wrong entries; apply again if you still need the certificate';

/**
 * A code locked before its document was fetched will never print: the pickup
 * ends `expired` and the application's timeline says why, so the resident
 * knows to apply again rather than to keep trying the code.
 */
async function tellTheResident(store: Store, pickup: PickupRecord, now: string): Promise<void> {
  if (pickup.status !== 'requested' || pickup.code === null) return;
  if ((await store.updatePickupStatus(pickup.code, 'expired', now)) !== 'updated') return;
  await store.appendTimeline(pickup.applicationId, { status: 'expired', at: now, source: 'convenience-store', detail: LOCKED_DETAIL });
}
