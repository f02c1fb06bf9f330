import { randomInt } from 'node:crypto';
import type { IssuanceRequestWire } from '../wire.js';

/** One issuance the network accepted. */
export interface NetworkPickup {
  request: IssuanceRequestWire;
  pickupCode: string;
  expiresAt: string;
  state: 'waiting' | 'printed' | 'expired';
}

/** The answer to an issuance request: new, the same request again, or the id reused with other content. */
export type BookingResult = { kind: 'created' | 'duplicate'; pickup: NetworkPickup } | { kind: 'reused' };

/** The network's pickups, deduplicated by request id, with unique random 12-digit codes. */
export class PickupBook {
  private readonly byRequest = new Map<string, NetworkPickup>();
  private readonly byCode = new Map<string, NetworkPickup>();

  book(request: IssuanceRequestWire): BookingResult {
    const earlier = this.byRequest.get(request.requestId);
    if (earlier) return sameRequest(earlier.request, request) ? { kind: 'duplicate', pickup: earlier } : { kind: 'reused' };
    let pickupCode: string;
    do pickupCode = String(randomInt(0, 1_000_000_000_000)).padStart(12, '0');
    while (this.byCode.has(pickupCode));
    const pickup: NetworkPickup = { request, pickupCode, expiresAt: request.expiresAt, state: 'waiting' };
    this.byRequest.set(request.requestId, pickup);
    this.byCode.set(pickupCode, pickup);
    return { kind: 'created', pickup };
  }

  byPickupCode(code: string): NetworkPickup | undefined {
    return this.byCode.get(code);
  }

  all(): NetworkPickup[] {
    return [...this.byRequest.values()];
  }
}

function sameRequest(a: IssuanceRequestWire, b: IssuanceRequestWire): boolean {
  return (
    a.municipalityCode === b.municipalityCode &&
    a.certificateType === b.certificateType &&
    a.copies === b.copies &&
    a.feeYen === b.feeYen &&
    a.expiresAt === b.expiresAt
  );
}
