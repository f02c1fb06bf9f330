import { GatewayError, UpstreamError } from '../errors.js';
import { changeStatus, recordDelivery, type OutcomeWriter } from './record-outcome.js';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.js';
import type { DeliveryRef } from './step-outcome.js';

/** Longest failure reason kept; reasons are codes and short sentences, never records. */
const REASON_CHARS = 500;

/** The stable code of a failure; unknown errors say only that they were internal. */
export function failureCode(error: unknown): string {
  return error instanceof GatewayError ? error.code : 'internal-error';
}

/** A reason for people: code and the domain error's own detail (which never holds personal data), capped. */
export function failureReason(error: unknown): string {
  const reason = error instanceof GatewayError ? `${error.code}: ${error.message}` : 'internal-error';
  return reason.slice(0, REASON_CHARS);
}

/** Where a failed step stands: retry at a time, or a dead letter with its reason. */
export type FailureDecision = { kind: 'retry'; runAt: Date; error: string } | { kind: 'dead'; reason: string };

/**
 * Retryable upstream failures are retried with backoff until `maxAttempts`
 * persisted attempts were made; everything else is permanent at once.
 */
export function decideFailure(error: unknown, attemptsBefore: number, policy: RetryPolicy, now: Date, random: () => number): FailureDecision {
  const attempts = attemptsBefore + 1;
  if (!(error instanceof UpstreamError && error.retryable)) return { kind: 'dead', reason: failureReason(error) };
  if (attempts >= policy.maxAttempts) return { kind: 'dead', reason: `gave up after ${attempts} attempts: ${failureCode(error)}` };
  return { kind: 'retry', runAt: new Date(now.getTime() + backoffDelayMs(policy, attempts, random)), error: failureReason(error) };
}

/**
 * Makes a failure durable: a retry, or a dead letter with the application
 * marked `failed`. The dead letter is written before the timeline entry:
 * staff work from the dead-letter list, so that write must not be lost.
 * Returns false when the lease was lost (nothing written).
 */
export async function recordFailure(writer: OutcomeWriter, decision: FailureDecision, delivery: DeliveryRef | undefined, source: string): Promise<boolean> {
  const { store, keeper, owner, clock, job } = writer;
  if (!(await keeper.confirm())) return false;
  const attempts = job.attempts + 1;
  const now = clock().toISOString();
  if (decision.kind === 'retry') {
    if (delivery) await recordDelivery(writer, delivery, 'failed', decision.error, attempts);
    return store.retryJob(job.id, owner, now, decision.runAt.toISOString(), decision.error);
  }
  if (delivery) await recordDelivery(writer, delivery, 'dead', decision.reason, attempts);
  if (!(await store.deadLetter(job.id, owner, now, decision.reason))) return false;
  await changeStatus(writer, { status: 'failed', source, detail: `step ${job.name} failed: ${decision.reason}` });
  return true;
}
