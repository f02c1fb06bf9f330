import type { RouteStep } from '../catalog/procedure.js';
import { fromPointer } from '../catalog/json-pointer.js';
import { ConfigurationError } from '../errors.js';
import { wardByCode, wardOfAddress } from '../reviews/osaka-wards.js';
import { REVIEW_SYSTEM, reviewCorrelationKey } from '../reviews/review-wake.js';
import { escalate, openReview } from '../reviews/review-rules.js';
import { addIsoDuration } from '../time/iso-duration.js';
import type { ReviewRecord } from '../store/types.js';
import type { StepContext } from './step-context.js';
import type { StepOutcome } from './step-outcome.js';
import type { StepInput } from './step-types.js';

/** How long a review may wait for a decision before it is escalated, when its step names no deadline. */
export const DEFAULT_REVIEW_DEADLINE = 'P5D';

/** A parked review with nothing due (returned to the resident, or escalated already) waits for a decision only. */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';

/** The ward code of a review step for this form: fixed, or the ward the address field names. */
export function wardOf(step: RouteStep, form: Record<string, unknown>): string {
  const source = step.ward;
  if (!source) throw new ConfigurationError(`review step '${step.name}' names no ward`);
  if ('fixed' in source) return source.fixed;
  let value: unknown = form;
  for (const segment of fromPointer(source.from)) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  return (typeof value === 'string' ? wardOfAddress(value)?.code : undefined) ?? source.otherwise;
}

/**
 * A `review` step. The store's review record is the truth; the job only
 * sleeps on it. First run: opens the review in the ward's queue (status
 * `under-review`) and parks until the deadline. Woken (by a decision, a
 * correction, or its deadline) it reads the review again: approved → the
 * next step; past the deadline → flagged overdue and escalated once;
 * otherwise it parks again. (A rejection sets the application's status with
 * the review, so the runner ends the route before the step runs.) A decision taken while the step runs is never
 * lost: after parking, the step compares the review's version with the one
 * it acted on and wakes itself when they differ.
 */
export async function runReviewStep(context: StepContext, input: StepInput): Promise<StepOutcome> {
  const { application, procedure, step } = input;
  const { store, clock } = context;
  const now = clock();
  const at = now.toISOString();
  const correlationKey = reviewCorrelationKey(application.id);
  const parked = (review: ReviewRecord, deadline: string): StepOutcome => ({
    kind: 'wait',
    correlationKey,
    deadline,
    system: REVIEW_SYSTEM,
    afterParked: async () => {
      const latest = await store.getReview(application.id);
      if (latest && latest.version !== review.version) await store.resumeWaiting(correlationKey, REVIEW_SYSTEM, {}, clock().toISOString());
    },
  });

  let review = await store.getReview(application.id);
  if (!review || review.step !== step.name) {
    const ward = wardOf(step, application.form);
    const opened = openReview({
      applicationId: application.id,
      procedureId: procedure.id,
      step: step.name,
      ward,
      wardName: wardByCode(ward)?.name ?? ward,
      approvalsRequired: step.approvals ?? 1,
      deadline: addIsoDuration(now, step.deadline ?? DEFAULT_REVIEW_DEADLINE).toISOString(),
      now: at,
      previous: review,
    });
    // Another runner opened it meanwhile: look again right away.
    if (!(await store.saveReview({ review: opened.review, expectedVersion: review?.version ?? null, timeline: opened.entry }))) return parked(opened.review, at);
    review = opened.review;
  }
  if (review.state === 'approved') return { kind: 'next', result: { approvals: review.approvals.length } };
  const escalation = escalate(review, at);
  if (escalation) {
    if (!(await store.saveReview({ review: escalation.review, expectedVersion: review.version, timeline: escalation.entry }))) return parked(review, at);
    review = escalation.review;
    context.onReviewEscalated?.(procedure.id);
  }
  return parked(review, review.state === 'returned' || review.overdue ? NO_DEADLINE : review.deadline);
}
