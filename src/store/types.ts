/**
 * The Store contract: everything the gateway keeps durably, as the flat
 * intersection of its parts (one interface per concern in `parts/`, plus the
 * form-event and staff-session parts). Implemented by the embedded SQLite
 * store (default) and the Redis store (scaled out); the contract suites in
 * `test/store/contract/` run per part against both.
 *
 * Rules every implementation keeps:
 * - A method that writes resolves only after the write is durable (fsync'd).
 * - `createApplication` is one atomic transaction: all of it or nothing.
 * - Times are ISO-8601 UTC strings; the caller passes `now` so tests control the clock.
 *   SQLite compares them as text, Redis as milliseconds: pass `Date.prototype.toISOString()` values.
 * - Ids, keys and codes are strings without U+0000 (PostgreSQL text cannot hold it); callers refuse it at the edge.
 * - Records returned are copies (fresh objects): mutating them never changes the store.
 */
import type { ApplicationStore } from './parts/application-store.js';
import type { AttachmentStore } from './parts/attachment-store.js';
import type { AuditStore } from './parts/audit-store.js';
import type { CallbackReceiptStore } from './parts/callback-receipt-store.js';
import type { CertificateStore } from './parts/certificate-store.js';
import type { DeadLetterStore } from './parts/dead-letter-store.js';
import type { DeliveryStore } from './parts/delivery-store.js';
import type { IdempotencyStore } from './parts/idempotency-store.js';
import type { JobStore } from './parts/job-store.js';
import type { PickupStore } from './parts/pickup-store.js';
import type { PrefillChallengeStore } from './parts/prefill-challenge-store.js';
import type { RetentionStore } from './parts/retention-store.js';
import type { ReviewStore } from './parts/review-store.js';
import type { OperationalStatisticsStore } from './parts/operational-statistics-store.js';
import type { StoreLifecycle } from './parts/store-lifecycle.js';
import type { WebhookStore } from './parts/webhook-store.js';
import type { FormEventStore } from './form-event-store.js';
import type { StaffSessionStore } from './staff-session-types.js';

export type { AuditActor, AuditCheckpoint, AuditEntry, AuditEvent, AuditTarget } from './audit-types.js';
export type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from './dead-letter-request-types.js';
export * from './parts/application-store.js';
export type * from './parts/attachment-store.js';
export type * from './parts/audit-store.js';
export type * from './parts/callback-receipt-store.js';
export type * from './parts/certificate-store.js';
export type * from './parts/dead-letter-store.js';
export type * from './parts/delivery-store.js';
export type * from './parts/idempotency-store.js';
export type * from './parts/job-store.js';
export * from './parts/pickup-store.js';
export type * from './parts/prefill-challenge-store.js';
export type * from './parts/retention-store.js';
export * from './parts/review-store.js';
export * from './parts/operational-statistics-store.js';
export type * from './parts/store-lifecycle.js';
export type * from './parts/webhook-store.js';

/** Every part of the durable state, one flat interface so callers take one `Store`. */
export interface Store
  extends ApplicationStore,
    IdempotencyStore,
    JobStore,
    DeadLetterStore,
    DeliveryStore,
    CertificateStore,
    PickupStore,
    CallbackReceiptStore,
    RetentionStore,
    AuditStore,
    ReviewStore,
    FormEventStore,
    StaffSessionStore,
    WebhookStore,
    PrefillChallengeStore,
    OperationalStatisticsStore,
    AttachmentStore,
    StoreLifecycle {}
