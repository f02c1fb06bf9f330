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

/**
 * The network's pickups, deduplicated by request id. A code is an 8-digit
 * pickup number, random and never given twice, and a 4-digit check part drawn
 * at random on its own (from the CSPRNG, not derived from the number).
 */
export class PickupBook {
  private readonly byRequest = new Map<string, NetworkPickup>();
  private readonly byNumber = new Map<string, NetworkPickup>();

  book(request: IssuanceRequestWire): BookingResult {
    const earlier = this.byRequest.get(request.requestId);
    if (earlier) return sameRequest(earlier.request, request) ? { kind: 'duplicate', pickup: earlier } : { kind: 'reused' };
    let pickupNumber: string;
    do pickupNumber = digits(8);
    while (this.byNumber.has(pickupNumber));
    const pickup: NetworkPickup = { request, pickupCode: pickupNumber + digits(4), expiresAt: request.expiresAt, state: 'waiting' };
    this.byRequest.set(request.requestId, pickup);
    this.byNumber.set(pickupNumber, pickup);
    return { kind: 'created', pickup };
  }

  byPickupCode(code: string): NetworkPickup | undefined {
    const pickup = this.byNumber.get(code.slice(0, 8));
    return pickup?.pickupCode === code ? pickup : undefined;
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

/** `count` random decimal digits. */
function digits(count: number): string {
  return String(randomInt(0, 10 ** count)).padStart(count, '0');
}
