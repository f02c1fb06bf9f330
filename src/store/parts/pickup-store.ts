export const PICKUP_STATUSES = ['pending', 'requested', 'fetched', 'printed', 'expired'] as const;
/**
 * Where a convenience-store pickup stands: `pending` (waiting for service
 * hours, no code yet) → `requested` (the store network gave a code) →
 * `fetched` (the network took the document, once) → `printed`; or `expired`.
 */
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** A certificate waiting to be printed at a convenience-store kiosk (コンビニ交付). One per certificate. */
export interface PickupRecord {
  /** The 12-digit pickup code the store network assigned; null while `pending`. */
  code: string | null;
  certificateId: string;
  applicationId: string;
  /** The request id sent to the store network (the step's message id); the network drops duplicates by it. */
  requestId: string;
  /** Certificate type, as the store network's request names it (e.g. `juminhyo-copy`). */
  certificateType: string;
  copies: number;
  /** Yen the kiosk collects. */
  fee: number;
  expiresAt: string;
  status: PickupStatus;
  /** When the request may be sent: the service-hours opening when it was made outside hours. */
  notBefore: string;
  fetchedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What `markPickupFetched` found: only `ok` may hand out the document. */
export type PickupFetch = 'ok' | 'already-fetched' | 'expired' | 'locked' | 'unknown';

/** The wrong check parts tried on a pickup's number, and since when its code is locked (null: it works). */
export interface PickupLock {
  wrongCheckParts: number;
  lockedAt: string | null;
}

/** What `updatePickupStatus` did: `unchanged` for a pickup already printed or expired, `not-fetched` for `printed` before any fetch. */
export type PickupUpdate = 'updated' | 'unchanged' | 'not-fetched' | 'unknown';

/**
 * The store part for convenience-store pickups (コンビニ交付).
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Pickups are kept one per certificate. `savePickup` takes a pending
 *   pickup (no code) or a requested one (with its code); it replaces a
 *   pending pickup of the same certificate (keeping `createdAt`) and leaves
 *   one past pending unchanged, returning what is stored. A code's pickup
 *   number (first 8 digits) is unique across certificates
 *   (`duplicate-pickup-code`); the application must exist.
 *   `findPickupByNumber` finds a code by its number. `recordWrongCheckPart`
 *   counts a wrong check part and locks the code (`lockedAt`) when the count
 *   reaches `lockAfter`; a lock is for good.
 *   `markPickupFetched`: locked → `locked`; requested and `now < expiresAt` → fetched with
 *   `fetchedAt = now` (`ok`); fetched or printed → `already-fetched`;
 *   expired, or past `expiresAt` → `expired`; no such code → `unknown`.
 *   `updatePickupStatus`: printed and expired are final (`unchanged`);
 *   `printed` needs a fetched pickup (`not-fetched`). `listPickupsDue`
 *   lists pending pickups with `notBefore <= now` by `(notBefore, certificateId)`.
 */
export interface PickupStore {
  /**
   * Records a pickup, which must be `pending` without a code or `requested`
   * with one. A pending pickup of the same certificate is replaced (keeping
   * its `createdAt`); one that has gone past pending is never overwritten.
   * Returns the pickup as stored. Unknown application → `application-not-found`;
   * a code whose pickup number (its first 8 digits) another certificate's code
   * has → `duplicate-pickup-code`.
   */
  savePickup(pickup: PickupRecord): Promise<PickupRecord>;
  getPickup(code: string): Promise<PickupRecord | null>;
  getPickupByCertificate(certificateId: string): Promise<PickupRecord | null>;
  /**
   * The pickup whose code starts with this 8-digit pickup number (see
   * src/issuance/convenience-store/pickup-code.ts), the newest if several do.
   */
  findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null>;
  /**
   * Counts one wrong check part tried on the certificate's pickup, atomically;
   * the count reaching `lockAfter` locks the code at `now` for good. Returns the
   * tally after counting; unknown certificate → `{ 0, null }`, nothing stored.
   */
  recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock>;
  /** The wrong check parts tried on the certificate's pickup so far; `{ 0, null }` for none or an unknown one. */
  getPickupLock(certificateId: string): Promise<PickupLock>;
  /** Atomically marks a `requested` pickup fetched, once, and only while `now < expiresAt` and the code is not locked. */
  markPickupFetched(code: string, now: string): Promise<PickupFetch>;
  /** `printed` (only after a fetch) or `expired` (any time before printing); printed and expired are final. */
  updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate>;
  /** Pending pickups whose `notBefore <= now`, in `(notBefore, certificateId)` order. */
  listPickupsDue(now: string, limit: number): Promise<PickupRecord[]>;
}
