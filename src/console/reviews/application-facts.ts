import type { ApplicationRecord, DeliveryRecord, Store } from '../../store/types.js';

/** Whose signature it is, as the JPKI certificate states it (recorded by intake in the identity). */
export interface SignerFacts {
  name: string;
  address: string;
  signingTime: string | null;
}

/** The fee: what was paid, or that none was due (an exemption). */
export interface PaymentFacts {
  amount: number;
  currency: string;
  state: 'paid' | 'exempt';
  capturedAt: string | null;
}

/** The application's facts beside its form: signature, payment, deliveries per system and certificates. */
export interface ApplicationFacts {
  signer: SignerFacts | null;
  payment: PaymentFacts | null;
  deliveries: Array<Pick<DeliveryRecord, 'system' | 'state' | 'attempts' | 'updatedAt'>>;
  certificates: Array<{ id: string; issuedAt: string; revoked: boolean }>;
}

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function signerOf(identity: Record<string, unknown> | null): SignerFacts | null {
  const signer = identity?.['signer'];
  if (typeof signer !== 'object' || signer === null) return null;
  const name = textOf((signer as Record<string, unknown>)['name']);
  const address = textOf((signer as Record<string, unknown>)['address']);
  if (name === null || address === null) return null;
  return { name, address, signingTime: textOf(identity?.['signingTime']) };
}

function paymentOf(payment: Record<string, unknown> | null): PaymentFacts | null {
  const amount = payment?.['amount'];
  if (typeof amount !== 'number') return null;
  return {
    amount,
    currency: textOf(payment?.['currency']) ?? 'JPY',
    state: payment?.['exemption'] !== undefined ? 'exempt' : 'paid',
    capturedAt: textOf(payment?.['capturedAt']),
  };
}

/** Reads the facts of one application from its record and the store (never a delivery's error text or a certificate's document). */
export async function applicationFacts(store: Store, application: ApplicationRecord): Promise<ApplicationFacts> {
  const [deliveries, certificates] = await Promise.all([store.listDeliveries(application.id), store.listCertificates(application.id)]);
  return {
    signer: signerOf(application.identity),
    payment: paymentOf(application.payment),
    deliveries: deliveries.map(({ system, state, attempts, updatedAt }) => ({ system, state, attempts, updatedAt })),
    certificates: certificates.map((certificate) => ({ id: certificate.id, issuedAt: certificate.issuedAt, revoked: certificate.revokedAt !== null })),
  };
}
