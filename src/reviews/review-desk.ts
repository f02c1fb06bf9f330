import { ConflictError, NotFoundError } from '../errors.js';
import type { ReviewQuery, ReviewRecord, ReviewState, Store } from '../store/types.js';
import { actsIn, type Actor } from './actor.js';
import { reviewAuditEvent } from './review-audit.js';
import { checkReason } from './review-reason.js';
import { approve, claim, corrected, reject, returnForCorrection, type Decision, type ReviewTransition } from './review-rules.js';
import { REVIEW_SYSTEM, reviewCorrelationKey } from './review-wake.js';
import { addIsoDuration } from '../time/iso-duration.js';

/** What the audit trail is told of every decision and correction: ids and roles, never personal data. */
export interface DecisionEvent {
  applicationId: string;
  decision: Decision | 'correct';
  /** Null for a correction: the frontend client sent it for the resident. */
  actor: Pick<Actor, 'kind' | 'id' | 'role'> | null;
  state: ReviewState;
  reason: string | null;
  at: string;
}

export interface ReviewDeskOptions {
  store: Store;
  clock: () => Date;
  /** Wakes the route runner so that a decided review's route goes on at once. */
  wake: () => void;
  /** Where the audit trail records each decision; nothing by default. */
  onDecision?: (event: DecisionEvent) => Promise<void> | void;
  /** What else a rejection does (the fee's refund); idempotent per application. */
  onRejected?: (applicationId: string) => Promise<void>;
  /** The review deadline after a correction, by procedure and step (the step's `deadline`). */
  deadlineOf: (procedureId: string, step: string) => string;
}

/** How often a decision re-reads a review that changed under it before answering 409. */
const COMPARE_AND_SET_ATTEMPTS = 3;

/** Filters of the queue, as staff give them. */
export type QueueFilter = Omit<ReviewQuery, 'wards'> & { ward?: string };

function reviewNotFound(): NotFoundError {
  return new NotFoundError('review-not-found', 'No application under review with this id is in your wards.');
}

/**
 * Staff decisions on reviews: the queue, claim, approve, reject, return for
 * correction, and the frontend's correction. The rules are
 * `review-rules.ts`; this applies them with compare-and-set writes, wakes the
 * route when a review is decided, and tells the audit trail.
 * A review outside the actor's wards is not found (404), as one that does not exist.
 */
export class ReviewDesk {
  constructor(private readonly options: ReviewDeskOptions) {}

  /** The queue as `actor` may see it: their wards only, oldest first. */
  async list(actor: Actor, filter: QueueFilter): Promise<ReviewRecord[]> {
    const { ward, ...rest } = filter;
    let wards: readonly string[] | undefined = actor.wards === 'all' ? undefined : actor.wards;
    if (ward !== undefined) wards = actsIn(actor, ward) ? [ward] : [];
    return this.options.store.listReviews({ ...rest, ...(wards ? { wards } : {}) });
  }

  async get(actor: Actor, applicationId: string): Promise<ReviewRecord> {
    const review = await this.options.store.getReview(applicationId);
    if (!review || !actsIn(actor, review.ward)) throw reviewNotFound();
    return review;
  }

  claim(actor: Actor, applicationId: string): Promise<ReviewRecord> {
    return this.#decide(actor, applicationId, 'claim', null, (review, now) => claim(review, actor, now));
  }

  approve(actor: Actor, applicationId: string): Promise<ReviewRecord> {
    return this.#decide(actor, applicationId, 'approve', null, (review, now) => approve(review, actor, now));
  }

  reject(actor: Actor, applicationId: string, reason: unknown): Promise<ReviewRecord> {
    const checked = checkReason(reason);
    return this.#decide(actor, applicationId, 'reject', checked, (review, now) => reject(review, actor, checked, now));
  }

  returnForCorrection(actor: Actor, applicationId: string, reason: unknown): Promise<ReviewRecord> {
    const checked = checkReason(reason);
    return this.#decide(actor, applicationId, 'return', checked, (review, now) => returnForCorrection(review, actor, checked, now));
  }

  /** Takes a checked correction of a returned application: the new form and identity, and the review open again. */
  async correct(applicationId: string, correction: { form: Record<string, unknown>; identity: Record<string, unknown> | null }): Promise<ReviewRecord> {
    const { store, clock, deadlineOf } = this.options;
    for (let attempt = 0; attempt < COMPARE_AND_SET_ATTEMPTS; attempt++) {
      const review = await store.getReview(applicationId);
      if (!review) throw new ConflictError('review-not-returned', 'Only an application returned for correction (差戻し) takes a correction.');
      const now = clock();
      const transition = corrected(review, addIsoDuration(now, deadlineOf(review.procedureId, review.step)).toISOString(), now.toISOString());
      if (await store.saveReview({ review: transition.review, expectedVersion: review.version, timeline: transition.entry, correction })) {
        await this.#decided(transition, 'correct', null);
        return transition.review;
      }
    }
    throw changedMeanwhile();
  }

  async #decide(actor: Actor, applicationId: string, decision: Decision, reason: string | null, rule: (review: ReviewRecord, now: string) => ReviewTransition | null): Promise<ReviewRecord> {
    for (let attempt = 0; attempt < COMPARE_AND_SET_ATTEMPTS; attempt++) {
      const review = await this.get(actor, applicationId);
      const now = this.options.clock().toISOString();
      const transition = rule(review, now);
      if (!transition) return review;
      const audit = reviewAuditEvent(actor, decision, applicationId, reason, now);
      if (await this.options.store.saveReview({ review: transition.review, expectedVersion: review.version, timeline: transition.entry, audit })) {
        await this.#decided(transition, decision, { kind: actor.kind, id: actor.id, role: actor.role }, reason);
        return transition.review;
      }
    }
    throw changedMeanwhile();
  }

  async #decided(transition: ReviewTransition, decision: DecisionEvent['decision'], actor: DecisionEvent['actor'], reason: string | null = null): Promise<void> {
    const { store, clock, wake, onDecision, onRejected } = this.options;
    const { review } = transition;
    if (review.state !== 'claimed') {
      // The job sleeps on the review; a decision or correction wakes it (a lost wake-up is caught by the step itself).
      if (await store.resumeWaiting(reviewCorrelationKey(review.applicationId), REVIEW_SYSTEM, {}, clock().toISOString())) wake();
    }
    if (review.state === 'rejected') await onRejected?.(review.applicationId);
    await onDecision?.({ applicationId: review.applicationId, decision, actor, state: review.state, reason, at: review.updatedAt });
  }
}

function changedMeanwhile(): ConflictError {
  return new ConflictError('review-changed', 'Someone else changed this review while your decision was being recorded; reload it and decide again.');
}
