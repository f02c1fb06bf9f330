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

import type { FormEventStore } from './form-event-store.js';

export const APPLICATION_STATUSES = [
  'received',
  'verified',
  'in-progress',
  'awaiting-reply',
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

/** Every part of the durable state; the form-event part is declared in its own file. */
export interface Store extends FormEventStore, StaffSessionStore {
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
  /** Dead → ready now, attempts reset. False if not dead. */
  replayDeadLetter(jobId: string, now: string): Promise<boolean>;
  /** Dead → done with the reason kept. False if not dead. */
  discardDeadLetter(jobId: string, now: string, reason: string): Promise<boolean>;
  /** Jobs by state, `done` aside; costs as much as the jobs not done, never the whole history. */
  countJobs(): Promise<JobCounts>;

  upsertDelivery(delivery: DeliveryRecord): Promise<void>;
  listDeliveries(applicationId: string): Promise<DeliveryRecord[]>;

  saveCertificate(certificate: CertificateRecord): Promise<void>;
  getCertificate(id: string): Promise<CertificateRecord | null>;
  listCertificates(applicationId: string): Promise<CertificateRecord[]>;
  revokeCertificate(id: string, now: string, reason: string): Promise<boolean>;

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
   * Remembers that `system`'s callback `receiptId` was accepted, until
   * `keepUntil`, atomically: `duplicate` when a receipt with that id is kept
   * and has not expired at `now`. Expired receipts are purged (SQLite: by this
   * call; Redis: by the key's TTL).
   */
  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt>;
  /** Forgets a receipt again (its callback's effect failed, so the same callback may come again). */
  forgetCallbackReceipt(system: string, receiptId: string): Promise<void>;

  /** true when the store answers (readiness). */
  ping(): Promise<boolean>;
  /** Writes one tiny record durably, as any write would be: readiness uses it to see whether writes succeed again. */
  probeWrite(now: string): Promise<void>;
  close(): Promise<void>;
}
