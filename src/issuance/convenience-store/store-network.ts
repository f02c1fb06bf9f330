/**
 * What the convenience-store issuance flow needs from the store network. The
 * adapter in `adapters/convenience-store` implements it over HTTP; the flow
 * only knows this seam.
 */

/** One issuance request, idempotent by `requestId`. */
export interface StoreIssuanceRequest {
  /** The step's message id: the network answers a repeated id with the code it gave first. */
  requestId: string;
  certificateType: string;
  copies: number;
  /** Whole yen the kiosk collects. */
  feeYen: number;
  /** ISO-8601 UTC: the latest the network may print. */
  expiresAt: string;
}

/** The network's answer: the code the resident types at the kiosk, and until when it works. */
export interface StoreIssuanceAccepted {
  pickupCode: string;
  /** ISO-8601 UTC; never later than requested. */
  expiresAt: string;
}

/** The store network as the issuance flow uses it. */
export interface StoreNetworkClient {
  /** Throws `UpstreamError` (system `convenience-store`), retryable or not, when the network does not accept it. */
  requestIssuance(request: StoreIssuanceRequest, options?: { signal?: AbortSignal }): Promise<StoreIssuanceAccepted>;
}
