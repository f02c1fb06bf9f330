import { randomBytes } from 'node:crypto';
import type { PaymentStatus, PaymentWire, RefundWire } from '../wire.js';

/** A refused ledger operation, answered as a 4xx by the simulator. */
export class LedgerRefusal extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerRefusal';
  }
}

/** What a simulated payment starts as. */
export interface NewPayment {
  amount: number;
  /** ISO 4217; stored lower-case as the provider answers it. Default `jpy`. */
  currency?: string;
  /** Default `captured`. */
  status?: 'authorized' | 'captured' | 'failed' | 'refunded';
  metadata?: Record<string, string>;
}

/**
 * The simulator's in-memory book of payments and refunds: the provider's
 * state machine (authorized → captured → partially_refunded → refunded;
 * failed is final) without any HTTP.
 */
export class PaymentLedger {
  private readonly payments = new Map<string, PaymentWire>();

  constructor(private readonly clock: () => Date) {}

  create(input: NewPayment): PaymentWire {
    const status = input.status ?? 'captured';
    const now = this.unixNow();
    const wasCaptured = status === 'captured' || status === 'refunded';
    const payment: PaymentWire = {
      id: `pay_${randomBytes(12).toString('hex')}`,
      object: 'payment',
      amount: input.amount,
      currency: (input.currency ?? 'jpy').toLowerCase(),
      status,
      amount_refunded: status === 'refunded' ? input.amount : 0,
      captured_at: wasCaptured ? now : null,
      created: now,
      metadata: { ...input.metadata },
    };
    this.payments.set(payment.id, payment);
    return structuredClone(payment);
  }

  get(id: string): PaymentWire {
    return structuredClone(this.find(id));
  }

  capture(id: string): PaymentWire {
    const payment = this.find(id);
    if (payment.status !== 'authorized') {
      throw new LedgerRefusal(400, 'payment_not_capturable', `Payment is ${payment.status} and cannot be captured`);
    }
    payment.status = 'captured';
    payment.captured_at = this.unixNow();
    return structuredClone(payment);
  }

  refund(id: string, amount: number | undefined, reason: string | undefined): RefundWire {
    const payment = this.find(id);
    if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
      throw new LedgerRefusal(400, 'payment_not_refundable', `Payment is ${payment.status} and cannot be refunded`);
    }
    const remaining = payment.amount - payment.amount_refunded;
    const refunded = amount ?? remaining;
    if (refunded > remaining) {
      throw new LedgerRefusal(400, 'amount_too_large', `Refund amount exceeds the ${remaining} left to refund`);
    }
    payment.amount_refunded += refunded;
    const status: PaymentStatus = payment.amount_refunded === payment.amount ? 'refunded' : 'partially_refunded';
    payment.status = status;
    return {
      id: `re_${randomBytes(12).toString('hex')}`,
      object: 'refund',
      payment: payment.id,
      amount: refunded,
      currency: payment.currency,
      status: 'succeeded',
      reason: reason ?? null,
      created: this.unixNow(),
    };
  }

  private find(id: string): PaymentWire {
    const payment = this.payments.get(id);
    if (!payment) {
      throw new LedgerRefusal(404, 'resource_missing', 'No such payment');
    }
    return payment;
  }

  private unixNow(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }
}
