import { z } from 'zod';

/**
 * The payment provider's JSON, as it travels. Amounts are integers in the
 * currency's smallest unit (yen have no minor unit), times are Unix seconds,
 * currencies are ISO 4217 codes in either case. Unknown members are ignored
 * so that the provider can add fields without breaking the gateway.
 */

/** Payment states the provider documents. */
export const PAYMENT_STATUSES = ['authorized', 'captured', 'failed', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Latest Unix time `Date#toISOString` can render (9999-12-31T23:59:59Z). */
const MAX_UNIX_SECONDS = 253_402_300_799;
const unixSeconds = z.int().min(0).max(MAX_UNIX_SECONDS);
const amount = z.int().min(0);
const currency = z.string().regex(/^[A-Za-z]{3}$/);

/** `GET /v1/payments/{id}` and `POST /v1/payments` answer with this. */
export const PaymentWireSchema = z.object({
  id: z.string().min(1).max(128),
  object: z.literal('payment'),
  amount,
  currency,
  /** A status the provider adds later is kept as `unknown`: it is never a captured payment. */
  status: z
    .string()
    .max(64)
    .transform((status): PaymentStatus | 'unknown' => ((PAYMENT_STATUSES as readonly string[]).includes(status) ? (status as PaymentStatus) : 'unknown')),
  amount_refunded: amount,
  captured_at: unixSeconds.nullable(),
  created: unixSeconds,
  metadata: z.record(z.string().max(40), z.string().max(500)),
});
export type PaymentWire = z.infer<typeof PaymentWireSchema>;

/** `POST /v1/payments/{id}/refunds` answers with this. */
export const RefundWireSchema = z.object({
  id: z.string().min(1).max(128),
  object: z.literal('refund'),
  payment: z.string().min(1).max(128),
  amount,
  currency,
  status: z.enum(['succeeded', 'pending', 'failed']),
  reason: z.string().max(500).nullable(),
  created: unixSeconds,
});
export type RefundWire = z.infer<typeof RefundWireSchema>;

/** Every error answer: `{ "error": { "type", "code", "message" } }`. */
export const ErrorWireSchema = z.object({
  error: z.object({
    type: z.string().max(64),
    code: z.string().max(64).optional(),
    message: z.string().max(1000).optional(),
  }),
});
export type ErrorWire = z.infer<typeof ErrorWireSchema>;

/** Error `type` values the provider uses. */
export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'idempotency_error' | 'api_error';

/** Body of `POST /v1/payments`. */
export const CreatePaymentRequestSchema = z
  .object({
    amount: z.int().min(1).max(99_999_999),
    currency: currency.default('jpy'),
    capture: z.boolean().default(false),
    metadata: z.record(z.string().max(40), z.string().max(500)).default({}),
  })
  .strict();

/** Body of `POST /v1/payments/{id}/refunds`; `amount` defaults to what is left to refund. */
export const CreateRefundRequestSchema = z
  .object({
    amount: z.int().min(1).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

/** Body of `POST /v1/payments/{id}/capture`: empty, or an empty object. */
export const CapturePaymentRequestSchema = z.object({}).strict();
