import type { AuditEvent } from '../audit-types.js';
import type { TimelineEntry } from './application-store.js';

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

/**
 * The store part for review steps, decisions and corrections.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - Reviews are kept one per application. `saveReview` applies only while
 *   the stored version equals `expectedVersion` (null: none stored), and
 *   then writes the review, the correction's form and identity, and the
 *   timeline entry (setting the status) together. `listReviews` filters by
 *   wards, procedure, state and overdue, in `(createdAt, applicationId)`
 *   order after the cursor review (an unknown cursor matches nothing).
 */
export interface ReviewStore {
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
}
