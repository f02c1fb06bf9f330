import { z } from 'zod';

/**
 * The store network's JSON, as it travels (see README.md). Amounts are whole
 * yen, times are ISO-8601 UTC, pickup codes are 12 ASCII digits. Unknown
 * members of answers are ignored so that the network can add fields.
 */

/** 大阪市 (地方公共団体コード with its check digit). */
export const OSAKA_CITY_MUNICIPALITY_CODE = '271004';

/** Request ids are the gateway's message ids: `<application id>:<step name>`. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** Twelve ASCII digits. */
export const PICKUP_CODE = /^[0-9]{12}$/;

const isoUtc = z.iso.datetime({ offset: false });

/** Body of `POST /v1/issuance-requests`. */
export const IssuanceRequestWireSchema = z
  .object({
    requestId: z.string().regex(REQUEST_ID),
    municipalityCode: z.string().regex(/^[0-9]{6}$/),
    certificateType: z.string().regex(/^[a-z0-9-]{1,64}$/),
    copies: z.int().min(1).max(10),
    feeYen: z.int().min(0).max(100_000),
    expiresAt: isoUtc,
  })
  .strict();
export type IssuanceRequestWire = z.infer<typeof IssuanceRequestWireSchema>;

/** 201 (new) and 409 (duplicate request id) answer with this. */
export const IssuanceAcceptedWireSchema = z.object({
  requestId: z.string().regex(REQUEST_ID),
  pickupCode: z.string().regex(PICKUP_CODE),
  expiresAt: isoUtc,
});
export type IssuanceAcceptedWire = z.infer<typeof IssuanceAcceptedWireSchema>;

/** Every error answer: `{ "error": { "code", "message" } }`. */
export const NetworkErrorWireSchema = z.object({
  error: z.object({ code: z.string().max(64), message: z.string().max(1_000).optional() }),
});
export type NetworkErrorWire = z.infer<typeof NetworkErrorWireSchema>;

/** What the network posts to the gateway's `POST /v1/callbacks/convenience-store`. */
export const PickupCallbackWireSchema = z
  .object({
    pickupCode: z.string().regex(PICKUP_CODE),
    status: z.enum(['printed', 'expired']),
    at: isoUtc,
  })
  .strict();
export type PickupCallbackWire = z.infer<typeof PickupCallbackWireSchema>;
