import type { AuditActor, AuditCheckpoint, AuditEntry, AuditEvent } from './audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from './dead-letter-request-types.js';

export type { AuditActor, AuditCheckpoint, AuditEntry, AuditEvent, AuditTarget } from './audit-types.js';
export type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from './dead-letter-request-types.js';

/**
 * The Store contract: everything the gateway keeps durably. Implemented by the
 * embedded SQLite store (default) and the Redis store (scaled out); one
 * contract suite (`test/store/store.contract.ts`) runs against both.
 *
 * Rules every implementation keeps:
 * - A method that writes resolves only after the write is durable (fsync'd).
 * - `createApplication` is one atomic transaction: all of it or nothing.
 * - Times are ISO-8601 UTC strings; the caller passes `now` so tests control the clock.
 * - Records returned are copies: mutating them never changes the store.
 */
import type { StaffSessionStore } from './staff-session-types.js';

import type { AttachmentStore } from './attachment-store.js';
import type { FormEventStore } from './form-event-store.js';

export const APPLICATION_STATUSES = [
  'received',
  'verified',
  'in-progress',
  'awaiting-reply',
  'under-review',
  'returned-for-correction',
  'completed',
  'rejected',
  'failed',
  'issued',
  'awaiting-pickup',
  'picked-up',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** One submitted application. */
export interface ApplicationRecord {
  id: string;
  procedureId: string;
  /** The API client that submitted it. */
  clientId: string;
  status: ApplicationStatus;
  /** The validated form data, as submitted. */
  form: Record<string, unknown>;
  /** Identity evidence kept after verification (certificate serial, subject facts, signing time), or null. */
  identity: Record<string, unknown> | null;
  /** The payment reference and what was checked, or null for a free procedure. */
  payment: Record<string, unknown> | null;
  /** How the resident wants the result issued (`{ method: 'electronic' }` …), or null. */
  issuance: Record<string, unknown> | null;
  /** SHA-256 (hex) of the access token handed to the applicant. The token itself is never stored. */
  accessTokenHash: string;
  createdAt: string;
  updatedAt: string;
  /**
   * Set once the retention purge removed the application's personal data
   * (`purgeApplication`); absent until then. A purged record keeps its id,
   * procedure, client, status, dates and timeline (without details); its
   * form is `{}` and identity, payment and issuance are null.
   */
  purgedAt?: string;
}

/** One entry of an application's status timeline. */
export interface TimelineEntry {
  status: ApplicationStatus;
  at: string;
  /** Who caused it: `intake`, `runner`, `resident-registry`, `staff:<client>` … */
  source: string;
  /** What happened, for people. Never personal data. */
  detail: string;
}

export type JobState = 'ready' | 'leased' | 'waiting' | 'done' | 'dead';

/** How many jobs are in each state but `done`, which only grows and is not counted; `dead` are the dead letters. */
export type JobCounts = Record<Exclude<JobState, 'done'>, number>;

/** A unit of route work for the runner. */
export interface JobRecord {
  id: string;
  applicationId: string;
  /** The route step index this job runs. */
  step: number;
  /** Step name as declared in the procedure's route. */
  name: string;
  state: JobState;
  /** Data the step needs (results of earlier steps are kept here). */
  payload: Record<string, unknown>;
  /** Attempts made so far (persisted retries). */
  attempts: number;
  /** Earliest time the job may run (retry backoff, or a reply deadline while waiting). */
  runAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  /** Why the last attempt failed, or why it is dead. Never personal data. */
  lastError: string | null;
  /** For waiting jobs: the correlation key a reply carries (e.g. message id). */
  correlationKey: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What to insert for a new job. */
export type NewJob = Pick<JobRecord, 'id' | 'applicationId' | 'step' | 'name' | 'payload' | 'runAt'>;

/** Delivery state of one message to one system, shown in the application status. */
export interface DeliveryRecord {
  applicationId: string;
  system: string;
  messageId: string;
  state: 'pending' | 'sent' | 'acknowledged' | 'failed' | 'dead';
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

/** The response stored for an idempotency key, replayed for a retry with the same body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  | { outcome: 'started' }
  | { outcome: 'in-flight' }
  | { outcome: 'mismatch' }
  | { outcome: 'completed'; response: StoredResponse };

/**
 * A value that may be used only once across all applications (a signature
 * digest, a payment id). `createApplication` fails with `ClaimTakenError`
 * if any claim already exists, and writes nothing.
 */
export interface UniqueClaim {
  kind: string;
  key: string;
}

/** Everything intake writes in its one transaction. */
export interface NewApplication {
  application: ApplicationRecord;
  timeline: TimelineEntry[];
  job: NewJob;
  claims: UniqueClaim[];
  /**
   * When present, the idempotency record is completed with this response in the same
   * transaction; `expiresAt`, when given, replaces the expiry set at `beginIdempotent`
   * (a short in-flight lock becomes the replay retention).
   */
  idempotency?: { clientId: string; key: string; response: StoredResponse; expiresAt?: string };
}

/** Thrown by `createApplication` when a unique claim is already taken. */
export class ClaimTakenError extends Error {
  constructor(readonly claim: UniqueClaim) {
    super(`claim already taken: ${claim.kind}`);
    this.name = 'ClaimTakenError';
  }
}

/** A signed electronic certificate the city issued. */
export interface CertificateRecord {
  id: string;
  applicationId: string;
  type: string;
  /** The JCS canonical bytes of the document, UTF-8. */
  document: string;
  /** SHA-256 hex of `document`. */
  documentHash: string;
  /** Base64 DER CMS SignedData (detached). */
  signature: string;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  /**
   * Set when the retention purge removed the document (then `document` is
   * empty); absent until then. The hash, signature, dates and revocation stay,
   * so the city can still say it issued the document a holder presents.
   */
  purgedAt?: string;
}

export const PICKUP_STATUSES = ['pending', 'requested', 'fetched', 'printed', 'expired'] as const;
/**
 * Where a convenience-store pickup stands: `pending` (waiting for service
 * hours, no code yet) → `requested` (the store network gave a code) →
 * `fetched` (the network took the document, once) → `printed`; or `expired`.
 */
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** A certificate waiting to be printed at a convenience-store kiosk (コンビニ交付). One per certificate. */
export interface PickupRecord {
  /** The 12-digit pickup code the store network assigned; null while `pending`. */
  code: string | null;
  certificateId: string;
  applicationId: string;
  /** The request id sent to the store network (the step's message id); the network drops duplicates by it. */
  requestId: string;
  /** Certificate type, as the store network's request names it (e.g. `juminhyo-copy`). */
  certificateType: string;
  copies: number;
  /** Yen the kiosk collects. */
  fee: number;
  expiresAt: string;
  status: PickupStatus;
  /** When the request may be sent: the service-hours opening when it was made outside hours. */
  notBefore: string;
  fetchedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What `markPickupFetched` found: only `ok` may hand out the document. */
export type PickupFetch = 'ok' | 'already-fetched' | 'expired' | 'locked' | 'unknown';

/** The wrong check parts tried on a pickup's number, and since when its code is locked (null: it works). */
export interface PickupLock {
  wrongCheckParts: number;
  lockedAt: string | null;
}

/** What `updatePickupStatus` did: `unchanged` for a pickup already printed or expired, `not-fetched` for `printed` before any fetch. */
export type PickupUpdate = 'updated' | 'unchanged' | 'not-fetched' | 'unknown';

/** What `recordCallbackReceipt` found: `recorded` the first time, `duplicate` while an earlier receipt is kept. */
export type CallbackReceipt = 'recorded' | 'duplicate';

export const REVIEW_STATES = ['open', 'claimed', 'approved', 'rejected', 'returned'] as const;
/**
 * Where a review step stands: `open` (in the ward's queue) → `claimed` (a
 * staff member took it) → `approved` | `rejected` | `returned` (差戻し, open
 * again once the frontend sends a correction). The transitions are decided in
 * `src/reviews/review-rules.ts`; the store only compares versions.
 */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Who acted on a review: an id and a role, never a name. */
export interface ReviewActorRef {
  kind: 'staff' | 'client';
  id: string;
  role: string;
}

/** The review of one application at one route step, with its queue facts. */
export interface ReviewRecord {
  applicationId: string;
  procedureId: string;
  /** The route step's name. */
  step: string;
  /** 地方公共団体コード of the ward whose queue holds it (e.g. `271276` 北区). */
  ward: string;
  state: ReviewState;
  /** 1, or 2 for four eyes: two different actors must approve. */
  approvalsRequired: number;
  approvals: Array<ReviewActorRef & { at: string }>;
  claimedBy: ReviewActorRef | null;
  /** When the review is overdue (the step's deadline from when it was opened or last corrected). */
  deadline: string;
  /** Set once the deadline passed and the review was escalated to approvers. */
  overdue: boolean;
  /** The reason of a rejection or return, shown to the resident. */
  reason: string | null;
  /** Counts every change; a write names the version it read (compare-and-set). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * One compare-and-set write of a review: applied only while the stored
 * review has `expectedVersion` (null: no review of this application yet),
 * together with the timeline entry (which sets the status) and, for a
 * correction, the application's new form and identity.
 */
export interface ReviewWrite {
  review: ReviewRecord;
  expectedVersion: number | null;
  timeline?: TimelineEntry;
  correction?: { form: Record<string, unknown>; identity: Record<string, unknown> | null };
  /** The staff decision's audit entry, appended in the same transaction, only when the write applies. */
  audit?: AuditEvent;
}

/** Which reviews to list, oldest first (`createdAt`, then application id). */
export interface ReviewQuery {
  /** Only these wards' reviews; absent: every ward. */
  wards?: readonly string[];
  procedureId?: string;
  state?: ReviewState;
  overdue?: boolean;
  /** Only reviews opened at or after this time (ISO-8601 UTC). */
  createdFrom?: string;
  /** Only reviews opened before this time (ISO-8601 UTC). */
  createdBefore?: string;
  limit: number;
  /** The application id of the last review of the previous page. */
  after?: string;
}

/** Every part of the durable state; the form-event part is declared in its own file. */
export interface Store extends FormEventStore, StaffSessionStore, AttachmentStore {
  /** Atomically records a new application, its first timeline entries, first job, claims and idempotency response. */
  createApplication(input: NewApplication): Promise<void>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  getTimeline(applicationId: string): Promise<TimelineEntry[]>;
  /** Appends a timeline entry and sets the application's status to it, atomically. */
  appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void>;
  /** Merges fields into the application's identity/payment/issuance records (later steps add resolved data). */
  updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void>;

  /**
   * Starts an idempotent request, or reports the state of an earlier one with the same key.
   * Keys are scoped to the client; a record older than `expiresAt` is treated as absent.
   */
  beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin>;
  /** Stores the response for a key without creating an application; `expiresAt` replaces the expiry when given. */
  completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void>;
  /** Forgets an in-flight key after a failure that must not replay (a 5xx, a crash in the handler). */
  abandonIdempotent(clientId: string, key: string): Promise<void>;
  /** Deletes idempotency records that expired before `now`; returns how many. */
  purgeExpiredIdempotency(now: string): Promise<number>;

  enqueueJob(job: NewJob, now: string): Promise<void>;
  /** Leases up to `limit` ready jobs whose `runAt` <= now, and leased jobs whose lease expired. */
  claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]>;
  /** Extends a lease still held by `owner`; false if it was lost. */
  extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean>;
  /** Marks the job done and optionally enqueues the next one, atomically. False if the lease was lost. */
  completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean>;
  /** Puts the job back to `ready` at `runAt`, counting an attempt. */
  retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean>;
  /** Parks the job waiting for a reply with `correlationKey` until `deadline` (then it is claimable again). */
  waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean>;
  /**
   * Finds the waiting job for a correlation key and, if it waits on `system`,
   * makes it ready now with `reply` merged into its payload; null otherwise.
   */
  resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null>;
  /** Moves the job to the dead letters with its reason. */
  deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean>;
  /** Returns every lease held by `owner` to the queue (graceful shutdown). */
  releaseLeases(owner: string, now: string): Promise<number>;
  getJob(jobId: string): Promise<JobRecord | null>;
  listJobs(applicationId: string): Promise<JobRecord[]>;
  listDeadLetters(limit: number, after?: string): Promise<JobRecord[]>;
  /** Dead → ready now, attempts reset; `audit` is appended in the same transaction. False (and nothing appended) if not dead. */
  replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean>;
  /** Dead → done with the reason kept; `audit` is appended in the same transaction. False (and nothing appended) if not dead. */
  discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean>;
  /**
   * Stores a request to replay or discard a dead letter (one per job), with
   * `audit` in the same transaction. The job does not move.
   */
  requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome>;
  getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null>;
  /**
   * Carries out `request` (as the approver read it) when it is still the one
   * stored, the job is still dead and `approver` is not the requester: replay
   * (ready now, attempts 0) or discard (done, `discarded: <reason>`), the
   * request removed and `audit` appended, all in one transaction.
   */
  approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval>;
  /** Jobs by state, `done` aside; costs as much as the jobs not done, never the whole history. */
  countJobs(): Promise<JobCounts>;

  /** Records a delivery's state; `audit` is appended in the same transaction. */
  upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void>;
  listDeliveries(applicationId: string): Promise<DeliveryRecord[]>;

  saveCertificate(certificate: CertificateRecord): Promise<void>;
  getCertificate(id: string): Promise<CertificateRecord | null>;
  listCertificates(applicationId: string): Promise<CertificateRecord[]>;
  /** False (and nothing appended) when unknown or already revoked; `audit` is appended in the same transaction. */
  revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean>;

  /**
   * Records a pickup, which must be `pending` without a code or `requested`
   * with one. A pending pickup of the same certificate is replaced (keeping
   * its `createdAt`); one that has gone past pending is never overwritten.
   * Returns the pickup as stored. Unknown application → `application-not-found`;
   * a code whose pickup number (its first 8 digits) another certificate's code
   * has → `duplicate-pickup-code`.
   */
  savePickup(pickup: PickupRecord): Promise<PickupRecord>;
  getPickup(code: string): Promise<PickupRecord | null>;
  getPickupByCertificate(certificateId: string): Promise<PickupRecord | null>;
  /**
   * The pickup whose code starts with this 8-digit pickup number (see
   * src/issuance/convenience-store/pickup-code.ts), the newest if several do.
   */
  findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null>;
  /**
   * Counts one wrong check part tried on the certificate's pickup, atomically;
   * the count reaching `lockAfter` locks the code at `now` for good. Returns the
   * tally after counting; unknown certificate → `{ 0, null }`, nothing stored.
   */
  recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock>;
  /** The wrong check parts tried on the certificate's pickup so far; `{ 0, null }` for none or an unknown one. */
  getPickupLock(certificateId: string): Promise<PickupLock>;
  /** Atomically marks a `requested` pickup fetched, once, and only while `now < expiresAt` and the code is not locked. */
  markPickupFetched(code: string, now: string): Promise<PickupFetch>;
  /** `printed` (only after a fetch) or `expired` (any time before printing); printed and expired are final. */
  updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate>;
  /** Pending pickups whose `notBefore <= now`, in `(notBefore, certificateId)` order. */
  listPickupsDue(now: string, limit: number): Promise<PickupRecord[]>;

  /**
   * Ids of applications of `procedureId` whose terminal status (the latest
   * timeline entry, when it set a terminal status: see `TERMINAL_STATUSES`)
   * was reached at or before `terminalBefore`, not yet purged, oldest first.
   */
  listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]>;
  /**
   * Removes an application's personal data, atomically, if it is still as
   * `listRetentionEnded` found it (terminal at or before `terminalBefore`,
   * not purged); false otherwise. Kept: the application's id, procedure,
   * client, status, dates, access-token hash, claims, the timeline without
   * details, deliveries without their last error, and each certificate's
   * id, type, hash, signature, dates and revocation, and the review without
   * its reason (state, ward, approvals and dates kept; `version` + 1).
   * Removed: form, identity, payment and issuance data, every job (dead
   * letters and step payloads) with any dead-letter request waiting for
   * approval, the idempotency record of the submission, the review's
   * `reason`, certificate documents and pickups. Sets `purgedAt = now` on the
   * application and its certificates.
   */
  purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean>;
  /**
   * After purges: makes what they removed unrecoverable from the store's own
   * files. SQLite checkpoints its write-ahead log into the (securely deleted)
   * database and truncates it; Redis has nothing to do here (its append-only
   * file is the server's: see the store README).
   */
  compactAfterPurge(): Promise<void>;

  /**
   * Remembers that `system`'s callback `receiptId` was accepted, until
   * `keepUntil`, atomically: `duplicate` when a receipt with that id is kept
   * and has not expired at `now`. Expired receipts are purged (SQLite: by this
   * call; Redis: by the key's TTL).
   */
  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt>;
  /** Forgets a receipt again (its callback's effect failed, so the same callback may come again). */
  forgetCallbackReceipt(system: string, receiptId: string): Promise<void>;
  /**
   * Appends one entry to the audit hash chain after the current head and
   * returns it. Concurrent appends (from any process) never share a seq or prevHash.
   */
  appendAudit(event: AuditEvent): Promise<AuditEntry>;
  /** Audit entries with `seq > afterSeq`, by seq, at most `limit`; a removed entry is simply missing. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Audit entries with `from <= at < to`, by seq. */
  listAuditBetween(from: string, to: string): Promise<AuditEntry[]>;
  /** Stores a day's checkpoint; false (nothing changed) when that day already has one. */
  saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean>;
  /** Every checkpoint, by day. */
  listAuditCheckpoints(): Promise<AuditCheckpoint[]>;

  /**
   * Writes a review, its timeline entry and a correction atomically, only
   * while the stored review's version is `expectedVersion` (null: none
   * stored). The stored version becomes `review.version`. False, writing
   * nothing, when the version differs; unknown application → `application-not-found`.
   */
  saveReview(write: ReviewWrite): Promise<boolean>;
  getReview(applicationId: string): Promise<ReviewRecord | null>;
  /** Reviews matching `query`, oldest first, at most `limit`. */
  listReviews(query: ReviewQuery): Promise<ReviewRecord[]>;

  /** true when the store answers (readiness). */
  ping(): Promise<boolean>;
  /** Writes one tiny record durably, as any write would be: readiness uses it to see whether writes succeed again. */
  probeWrite(now: string): Promise<void>;
  close(): Promise<void>;
}
