import { ConflictError, ForbiddenError } from '../errors.js';
import type { ReviewActorRef, ReviewRecord, TimelineEntry } from '../store/types.js';
import type { Actor } from './actor.js';

/** What a decision does: the review as it becomes, and the timeline entry residents see. */
export interface ReviewTransition {
  review: ReviewRecord;
  entry: TimelineEntry;
}

export type Decision = 'claim' | 'approve' | 'reject' | 'return';

/** Which roles may take each decision; `staff` is an API client of the staff role (automation). */
const ROLES_FOR: Record<Decision, ReadonlySet<string>> = {
  claim: new Set(['clerk', 'approver', 'admin', 'staff']),
  approve: new Set(['approver', 'admin', 'staff']),
  reject: new Set(['clerk', 'approver', 'admin', 'staff']),
  return: new Set(['clerk', 'approver', 'admin', 'staff']),
};

/** The role a resident's timeline names: 審査担当 (clerk) or 決裁者 (approver), never the person. */
export function roleLabel(actor: Pick<Actor, 'role'>, decision: Decision): string {
  if (actor.role === 'clerk') return '審査担当 (clerk)';
  if (actor.role === 'approver') return '決裁者 (approver)';
  return decision === 'approve' ? '決裁者 (approver)' : '審査担当 (clerk)';
}

const sourceOf = (actor: Actor, decision: Decision): string => (roleLabel(actor, decision).startsWith('決裁者') ? 'review:approver' : 'review:clerk');

const refOf = (actor: Actor): ReviewActorRef => ({ kind: actor.kind, id: actor.id, role: actor.role });
const sameActor = (a: ReviewActorRef, b: Actor): boolean => a.kind === b.kind && a.id === b.id;

function next(review: ReviewRecord, now: string, change: Partial<ReviewRecord>): ReviewRecord {
  return { ...review, ...change, version: review.version + 1, updatedAt: now };
}

/** The checks every decision shares: the role, the review still being decided, and (but for approvals) nobody else holding it. */
function checkDecidable(review: ReviewRecord, actor: Actor, decision: Decision): void {
  if (!ROLES_FOR[decision].has(actor.role)) {
    throw new ForbiddenError('review-role-not-allowed', `Only ${[...ROLES_FOR[decision]].join(', ')} may ${decision} a review.`);
  }
  if (review.state !== 'open' && review.state !== 'claimed') {
    throw new ConflictError('review-not-open', `The application is no longer under review (the review is ${review.state}).`);
  }
  // A claim is the clerk's examination: it keeps other clerks off, not the approvers who sign off after it.
  if (decision !== 'approve' && review.state === 'claimed' && review.claimedBy && !sameActor(review.claimedBy, actor)) {
    throw new ConflictError('review-claimed-by-another', 'Another staff member has claimed this review; only they may decide it now.');
  }
}

/** A new review of `step`, open in the ward's queue until `deadline`. */
export function openReview(input: { applicationId: string; procedureId: string; step: string; ward: string; wardName: string; approvalsRequired: number; deadline: string; now: string; previous: ReviewRecord | null }): ReviewTransition {
  const review: ReviewRecord = {
    applicationId: input.applicationId,
    procedureId: input.procedureId,
    step: input.step,
    ward: input.ward,
    state: 'open',
    approvalsRequired: input.approvalsRequired,
    approvals: [],
    claimedBy: null,
    deadline: input.deadline,
    overdue: false,
    reason: null,
    version: (input.previous?.version ?? 0) + 1,
    createdAt: input.now,
    updatedAt: input.now,
  };
  const entry: TimelineEntry = { status: 'under-review', at: input.now, source: 'review', detail: `審査待ち: ${input.wardName}で審査します (waiting for review at the ward office)` };
  return { review, entry };
}

/** The actor takes the review; claiming one's own claim again changes nothing but is allowed. */
export function claim(review: ReviewRecord, actor: Actor, now: string): ReviewTransition | null {
  checkDecidable(review, actor, 'claim');
  if (review.state === 'claimed') return null;
  return {
    review: next(review, now, { state: 'claimed', claimedBy: refOf(actor) }),
    entry: { status: 'under-review', at: now, source: sourceOf(actor, 'claim'), detail: `${roleLabel(actor, 'claim')}が審査を始めました (review started)` },
  };
}

/** One approval; with `approvalsRequired: 2` the second must come from another actor (four eyes). */
export function approve(review: ReviewRecord, actor: Actor, now: string): ReviewTransition {
  checkDecidable(review, actor, 'approve');
  if (review.approvals.some((approval) => sameActor(approval, actor))) {
    throw new ForbiddenError('review-four-eyes', 'You already approved this application; a different person must give the second approval.');
  }
  const approvals = [...review.approvals, { ...refOf(actor), at: now }];
  const label = roleLabel(actor, 'approve');
  if (approvals.length < review.approvalsRequired) {
    return {
      review: next(review, now, { approvals }),
      entry: { status: 'under-review', at: now, source: sourceOf(actor, 'approve'), detail: `${label}が承認しました (${approvals.length}/${review.approvalsRequired}; approved, another approval follows)` },
    };
  }
  return {
    review: next(review, now, { state: 'approved', claimedBy: null, approvals }),
    entry: { status: 'in-progress', at: now, source: sourceOf(actor, 'approve'), detail: `${label}が承認しました (approved)` },
  };
}

/** Rejection, with the reason the resident reads. */
export function reject(review: ReviewRecord, actor: Actor, reason: string, now: string): ReviewTransition {
  checkDecidable(review, actor, 'reject');
  return {
    review: next(review, now, { state: 'rejected', claimedBy: null, reason }),
    entry: { status: 'rejected', at: now, source: sourceOf(actor, 'reject'), detail: `${roleLabel(actor, 'reject')}が却下しました (rejected): ${reason}` },
  };
}

/** 差戻し: back to the resident for correction, approvals so far void. */
export function returnForCorrection(review: ReviewRecord, actor: Actor, reason: string, now: string): ReviewTransition {
  checkDecidable(review, actor, 'return');
  return {
    review: next(review, now, { state: 'returned', claimedBy: null, approvals: [], reason }),
    entry: {
      status: 'returned-for-correction',
      at: now,
      source: sourceOf(actor, 'return'),
      detail: `${roleLabel(actor, 'return')}が差し戻しました (returned for correction): ${reason}`,
    },
  };
}

/** The frontend's correction of a returned application: open again, with a fresh deadline. */
export function corrected(review: ReviewRecord, deadline: string, now: string): ReviewTransition {
  if (review.state !== 'returned') {
    throw new ConflictError('review-not-returned', 'Only an application returned for correction (差戻し) takes a correction.');
  }
  return {
    review: next(review, now, { state: 'open', reason: null, deadline, overdue: false }),
    entry: { status: 'under-review', at: now, source: 'intake', detail: '訂正を受け付けました。再度審査します (correction received; under review again)' },
  };
}

/** Past its deadline and undecided: flagged overdue and escalated to the approvers. Null when nothing is due. */
export function escalate(review: ReviewRecord, now: string): ReviewTransition | null {
  if ((review.state !== 'open' && review.state !== 'claimed') || review.overdue || now < review.deadline) return null;
  return {
    review: next(review, now, { overdue: true }),
    entry: { status: 'under-review', at: now, source: 'review', detail: '審査期限を過ぎたため決裁者に回しました (review overdue; escalated to an approver)' },
  };
}
