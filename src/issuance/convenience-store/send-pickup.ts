import type { PickupRecord, Store } from '../../store/types.js';
import type { StoreNetworkClient } from './store-network.js';

/**
 * Sends a pending pickup's issuance request (idempotent by its request id)
 * and records the code the network gave. Returns the pickup as stored: if
 * another process sent it first, that one's record, unchanged.
 */
export async function sendPendingPickup(
  pickup: PickupRecord,
  dependencies: { store: Store; client: StoreNetworkClient; now: () => Date; signal?: AbortSignal },
): Promise<PickupRecord> {
  const accepted = await dependencies.client.requestIssuance(
    { requestId: pickup.requestId, certificateType: pickup.certificateType, copies: pickup.copies, feeYen: pickup.fee, expiresAt: pickup.expiresAt },
    dependencies.signal ? { signal: dependencies.signal } : {},
  );
  return dependencies.store.savePickup({
    ...pickup,
    code: accepted.pickupCode,
    status: 'requested',
    expiresAt: accepted.expiresAt,
    updatedAt: dependencies.now().toISOString(),
  });
}
