export { createPaymentClient } from './client.js';
export type { PaymentClient, PaymentClientOptions, PaymentLookup, ProviderPayment, ProviderRefund } from './client.js';
export { paymentAdapter, PaymentProviderOptionsSchema, type PaymentProviderOptions } from './definition.js';
export { PaymentProviderError, PAYMENT_SYSTEM } from './errors.js';
export { refundTimelineEntry } from './refund-timeline.js';
