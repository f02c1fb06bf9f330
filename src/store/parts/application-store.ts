import type { NewJob } from './job-store.js';
import type { StoredResponse } from './idempotency-store.js';

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

/**
 * The store part for applications and their status timeline.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - `createApplication`: all or nothing. The application's status becomes the
 *   status of the last timeline entry given (or stays as given with no
 *   entries). If any claim `(kind, key)` already exists it throws
 *   {@link ClaimTakenError} for that claim and writes nothing. An existing
 *   application id or job id is a `ConflictError` (`duplicate-application`,
 *   `duplicate-job`). With `idempotency`, the matching idempotency record is
 *   marked completed with the response in the same transaction (no-op when
 *   that record no longer exists).
 * - `updateApplication` shallow-merges each object given into the existing
 *   record, null clears it, an absent key leaves it; unknown id →
 *   `application-not-found`, as for `appendTimeline`.
 */
export interface ApplicationStore {
  /** Atomically records a new application, its first timeline entries, first job, claims and idempotency response. */
  createApplication(input: NewApplication): Promise<void>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  getTimeline(applicationId: string): Promise<TimelineEntry[]>;
  /** Appends a timeline entry and sets the application's status to it, atomically. */
  appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void>;
  /** Merges fields into the application's identity/payment/issuance records (later steps add resolved data). */
  updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void>;
}
